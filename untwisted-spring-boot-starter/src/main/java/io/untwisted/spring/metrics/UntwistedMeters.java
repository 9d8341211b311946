package io.untwisted.spring.metrics;

import java.util.List;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.BaseUnits;

import org.jspecify.annotations.Nullable;

/**
 * Every meter untwisted records: name, type, base unit and tag keys. Names and tag keys are public
 * API and never change; every tag value comes from a bounded set (server names, event keys that a
 * handler is bound to or that untwisted defines, bean#method handler ids, close reasons, reactor
 * names), never from a peer.
 */
public enum UntwistedMeters {

    /** Events driven on a server's sockets (the listening one and every connection). */
    EVENTS("untwisted.events", Meter.Type.COUNTER, null, "Events driven on a server's sockets",
            TagKeys.SERVER, TagKeys.EVENT),

    /** Calls of one {@code @OnEvent} method. */
    HANDLER("untwisted.handler", Meter.Type.TIMER, null, "Calls of an @OnEvent handler method",
            TagKeys.SERVER, TagKeys.EVENT, TagKeys.HANDLER, TagKeys.OUTCOME, TagKeys.EXCEPTION),

    /** Handler calls that blocked a reactor thread longer than the watchdog's threshold. */
    HANDLER_BLOCKED("untwisted.handler.blocked", Meter.Type.COUNTER, null,
            "Handler calls that blocked a reactor thread longer than untwisted.reactor.blocked-threshold",
            TagKeys.SERVER, TagKeys.EVENT, TagKeys.HANDLER),

    /** Connections open now. */
    CONNECTIONS_ACTIVE("untwisted.connections.active", Meter.Type.GAUGE, BaseUnits.CONNECTIONS,
            "Connections open now", TagKeys.SERVER),

    /** Connections accepted. */
    CONNECTIONS_OPENED("untwisted.connections.opened", Meter.Type.COUNTER, BaseUnits.CONNECTIONS,
            "Connections accepted", TagKeys.SERVER),

    /** Connections closed, by reason and by the class of their cause ({@code CloseCause}). */
    CONNECTIONS_CLOSED("untwisted.connections.closed", Meter.Type.COUNTER, BaseUnits.CONNECTIONS,
            "Connections closed", TagKeys.SERVER, TagKeys.REASON, TagKeys.CAUSE),

    /** Connections refused because the server had max-connections open. */
    CONNECTIONS_REFUSED("untwisted.connections.refused", Meter.Type.COUNTER, BaseUnits.CONNECTIONS,
            "Connections refused and closed at once because max-connections were open", TagKeys.SERVER),

    /** Bytes read from connections. */
    DATA_RECEIVED("untwisted.data.received", Meter.Type.COUNTER, BaseUnits.BYTES, "Bytes read from connections",
            TagKeys.SERVER),

    /** Bytes written to connections. */
    DATA_SENT("untwisted.data.sent", Meter.Type.COUNTER, BaseUnits.BYTES, "Bytes written to connections",
            TagKeys.SERVER),

    /** Frames a splitter rejected, by reason. */
    FRAMES_REJECTED("untwisted.frames.rejected", Meter.Type.COUNTER, null, "Frames a splitter rejected",
            TagKeys.SERVER, TagKeys.REASON),

    /** Times a connection's outbound queue passed its high watermark and reading paused. */
    WRITE_PAUSED("untwisted.write.paused", Meter.Type.COUNTER, null,
            "Times reading paused because a connection's outbound queue passed its high watermark", TagKeys.SERVER),

    /** Bytes queued and not yet written on a server's open connections. */
    WRITE_QUEUED("untwisted.write.queued", Meter.Type.GAUGE, BaseUnits.BYTES,
            "Bytes queued and not yet written on a server's open connections", TagKeys.SERVER),

    /** Server-side TLS handshakes that failed, by {@link io.untwisted.net.tls.TlsFailureReason}. */
    TLS_HANDSHAKE_FAILURES("untwisted.tls.handshake.failures", Meter.Type.COUNTER, null,
            "TLS handshakes that failed on a server's connections", TagKeys.SERVER, TagKeys.REASON),

    /** Connections a graceful shutdown reset because they had not closed by its deadline. */
    SHUTDOWN_ABORTED("untwisted.shutdown.aborted", Meter.Type.COUNTER, BaseUnits.CONNECTIONS,
            "Connections reset because they had not drained within the shutdown timeout", TagKeys.SERVER),

    /** Tasks waiting in a reactor's queue. */
    REACTOR_TASKS_PENDING("untwisted.reactor.tasks.pending", Meter.Type.GAUGE, BaseUnits.TASKS,
            "Tasks waiting in a reactor's queue", TagKeys.REACTOR),

    /** Channels registered on a reactor. */
    REACTOR_SOCKETS("untwisted.reactor.sockets", Meter.Type.GAUGE, "sockets",
            "Sockets (listening and connected) registered on a reactor", TagKeys.REACTOR),

    /** How long each turn of a reactor's loop kept it from serving its other sockets. */
    REACTOR_LOOP_LAG("untwisted.reactor.loop.lag", Meter.Type.TIMER, null,
            "How long each turn of a reactor's loop took: the delay every socket of that reactor saw",
            TagKeys.REACTOR),

    /** Times a reactor's select returned early with nothing to do (interrupt, JDK epoll bug). */
    REACTOR_SELECT_PREMATURE("untwisted.reactor.select.premature", Meter.Type.COUNTER, null,
            "Times a reactor's select returned early with nothing to do; 512 in a row rebuild its selector",
            TagKeys.REACTOR);

    /** The {@code event} tag value of events that no handler is bound to and that untwisted does not define. */
    public static final String OTHER_EVENT = "other";

    private final String name;
    private final Meter.Type type;
    private final @Nullable String baseUnit;
    private final String description;
    private final List<String> tagKeys;

    UntwistedMeters(String name, Meter.Type type, @Nullable String baseUnit, String description, String... tagKeys) {
        this.name = name;
        this.type = type;
        this.baseUnit = baseUnit;
        this.description = description;
        this.tagKeys = List.of(tagKeys);
    }

    /** The meter's name. */
    public String getName() {
        return this.name;
    }

    /** The meter's type. */
    public Meter.Type getType() {
        return this.type;
    }

    /** The meter's base unit, or null. */
    public @Nullable String getBaseUnit() {
        return this.baseUnit;
    }

    /** What the meter measures. */
    public String getDescription() {
        return this.description;
    }

    /** The meter's tag keys. */
    public List<String> getTagKeys() {
        return this.tagKeys;
    }

    /** The tag keys of untwisted's meters and observations. */
    public static final class TagKeys {

        /** The server's name. */
        public static final String SERVER = "server";

        /** The event key, or {@value UntwistedMeters#OTHER_EVENT}. */
        public static final String EVENT = "event";

        /** The handler: {@code beanName#methodName}. */
        public static final String HANDLER = "handler";

        /** {@code success} or {@code error}. */
        public static final String OUTCOME = "outcome";

        /** {@code none}, or the simple class name of what the handler threw. */
        public static final String EXCEPTION = "exception";

        /**
         * Why a connection closed ({@code peer|local|idle|first_frame_timeout|error|shutdown}), a
         * frame was rejected ({@code too_long|malformed}) or a TLS handshake failed
         * ({@code timeout|not_tls|certificate|closed|protocol|other}).
         */
        public static final String REASON = "reason";

        /**
         * What made a connection close, from {@code CloseCause}: {@code none}, {@code reset},
         * {@code handler_error}, {@code frame_too_long}, ...
         */
        public static final String CAUSE = "cause";

        /** The reactor's name. */
        public static final String REACTOR = "reactor";

        private TagKeys() {
        }
    }
}
