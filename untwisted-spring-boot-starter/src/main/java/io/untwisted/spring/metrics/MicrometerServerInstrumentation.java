package io.untwisted.spring.metrics;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.untwisted.event.Events;
import io.untwisted.net.CloseCause;
import io.untwisted.net.CloseReason;
import io.untwisted.net.NetObserver;
import io.untwisted.net.SuperChannel;
import io.untwisted.net.SuperServer;
import io.untwisted.net.SuperSocket;
import io.untwisted.net.tls.TlsFailureReason;
import io.untwisted.reactor.Reactor;
import io.untwisted.spring.binding.EventSignatures;
import io.untwisted.spring.binding.HandlerMethodBinding;
import io.untwisted.spring.context.HandlerInstrumentation;
import io.untwisted.spring.context.ServerInstrumentation;
import io.untwisted.split.FrameTooLongException;

import org.jspecify.annotations.Nullable;

/**
 * The meters of one server, created when it is bound: a counter per event key it can name (its
 * handlers' events and untwisted's own) plus {@code other}, connection and byte counters, and the
 * active-connections and queued-bytes gauges. As its sockets' {@link NetObserver} it only
 * increments them, except that a closed counter for a (reason, cause) pair other than cause
 * {@code none} is registered the first time such a close happens. Its connections get one
 * {@link ReactorTally} per reactor instead ({@link #observer(Reactor)}), which counts their events
 * and bytes in plain fields and adds them to these counters once per loop phase.
 *
 * <p>Observer methods run on reactor threads, take no locks and allocate nothing once a pair's
 * counter exists.
 */
final class MicrometerServerInstrumentation implements ServerInstrumentation, NetObserver {

    /** The {@code reason} of a frame longer than the splitter's maximum. */
    static final String TOO_LONG = "too_long";

    /** The {@code reason} of any other rejected frame. */
    static final String MALFORMED = "malformed";

    private final MeterRegistry registry;
    private final Tags serverTags;
    private final Map<Object, Counter> events;
    private final Counter otherEvents;
    private final Counter opened;
    private final Counter[][] closed;
    private final Counter refused;
    private final Counter received;
    private final Counter sent;
    private final Counter paused;
    private final Counter framesTooLong;
    private final Counter framesMalformed;
    private final Counter[] tlsHandshakeFailures;
    private final Counter shutdownAborted;
    private final EventCounters eventCounters;

    MicrometerServerInstrumentation(MeterRegistry registry, String server, SuperServer socket,
            List<HandlerMethodBinding> bindings) {
        this.registry = registry;
        this.serverTags = Tags.of(UntwistedMeters.TagKeys.SERVER, server);
        Set<String> named = new LinkedHashSet<>(EventSignatures.builtInEvents());
        bindings.forEach(binding -> named.add(binding.event()));
        Map<Object, Counter> counters = new HashMap<>();
        for (String event : named) {
            counters.put(event, eventCounter(event));
        }
        this.events = Map.copyOf(counters);
        this.otherEvents = eventCounter(UntwistedMeters.OTHER_EVENT);
        this.eventCounters = new EventCounters(this.events, this.otherEvents, Events.OVERFLOW);
        this.opened = counter(UntwistedMeters.CONNECTIONS_OPENED, this.serverTags);
        this.closed = new Counter[CloseReason.values().length][CloseCause.values().length];
        for (CloseReason reason : CloseReason.values()) {
            closedCounter(reason, CloseCause.NONE);
        }
        this.refused = counter(UntwistedMeters.CONNECTIONS_REFUSED, this.serverTags);
        this.received = counter(UntwistedMeters.DATA_RECEIVED, this.serverTags);
        this.sent = counter(UntwistedMeters.DATA_SENT, this.serverTags);
        this.paused = counter(UntwistedMeters.WRITE_PAUSED, this.serverTags);
        this.framesTooLong = counter(UntwistedMeters.FRAMES_REJECTED,
                this.serverTags.and(UntwistedMeters.TagKeys.REASON, TOO_LONG));
        this.framesMalformed = counter(UntwistedMeters.FRAMES_REJECTED,
                this.serverTags.and(UntwistedMeters.TagKeys.REASON, MALFORMED));
        TlsFailureReason[] tlsReasons = TlsFailureReason.values();
        this.tlsHandshakeFailures = new Counter[tlsReasons.length];
        for (TlsFailureReason reason : tlsReasons) {
            this.tlsHandshakeFailures[reason.ordinal()] = counter(UntwistedMeters.TLS_HANDSHAKE_FAILURES,
                    this.serverTags.and(UntwistedMeters.TagKeys.REASON, reason.tagValue()));
        }
        this.shutdownAborted = counter(UntwistedMeters.SHUTDOWN_ABORTED, this.serverTags);
        Gauge.builder(UntwistedMeters.CONNECTIONS_ACTIVE.getName(), socket, SuperServer::activeConnections)
                .description(UntwistedMeters.CONNECTIONS_ACTIVE.getDescription())
                .baseUnit(UntwistedMeters.CONNECTIONS_ACTIVE.getBaseUnit())
                .tags(this.serverTags)
                .strongReference(true)
                .register(registry);
        // Summed over the live connections when read, so writes pay for no shared counter.
        Gauge.builder(UntwistedMeters.WRITE_QUEUED.getName(), socket, SuperServer::queuedBytes)
                .description(UntwistedMeters.WRITE_QUEUED.getDescription())
                .baseUnit(UntwistedMeters.WRITE_QUEUED.getBaseUnit())
                .tags(this.serverTags)
                .strongReference(true)
                .register(registry);
    }

    /**
     * The closed counter of one reason and cause. Those with no cause exist from the start; the
     * others are registered on first use (Micrometer returns the same counter to racing threads).
     */
    private Counter closedCounter(CloseReason reason, CloseCause cause) {
        Counter counter = this.closed[reason.ordinal()][cause.ordinal()];
        if (counter == null) {
            counter = counter(UntwistedMeters.CONNECTIONS_CLOSED, this.serverTags
                    .and(UntwistedMeters.TagKeys.REASON, reason.tagValue())
                    .and(UntwistedMeters.TagKeys.CAUSE, cause.tagValue()));
            this.closed[reason.ordinal()][cause.ordinal()] = counter;
        }
        return counter;
    }

    private Counter eventCounter(String event) {
        return counter(UntwistedMeters.EVENTS, this.serverTags.and(UntwistedMeters.TagKeys.EVENT, event));
    }

    private Counter counter(UntwistedMeters meter, Tags tags) {
        return Counter.builder(meter.getName())
                .description(meter.getDescription())
                .baseUnit(meter.getBaseUnit())
                .tags(tags)
                .register(this.registry);
    }

    @Override
    public NetObserver observer() {
        return this;
    }

    @Override
    public NetObserver observer(Reactor reactor) {
        return new ReactorTally(this, reactor, this.eventCounters);
    }

    @Override
    public HandlerInstrumentation handler(HandlerMethodBinding binding, HandlerInstrumentation next) {
        return new TimedHandlerInstrumentation(this.registry, this.serverTags, binding, next);
    }

    @Override
    public void shutdownAborted(int connections) {
        this.shutdownAborted.increment(connections);
    }

    @Override
    public void driven(SuperChannel channel, Object event, Object[] args) {
        int index = this.eventCounters.indexOf(event);
        this.eventCounters.counter(index).increment();
        rejectedIfOverflow(index, args);
    }

    /** Counts a rejected frame when {@code index} is the overflow event's counter; its first argument says why. */
    void rejectedIfOverflow(int index, Object[] args) {
        if (this.eventCounters.isOverflow(index)) {
            rejected(args.length > 0 ? args[0] : null);
        }
    }

    private void rejected(@Nullable Object cause) {
        (cause instanceof FrameTooLongException ? this.framesTooLong : this.framesMalformed).increment();
    }

    @Override
    public void opened(SuperSocket socket) {
        this.opened.increment();
    }

    @Override
    public void closed(SuperSocket socket, CloseReason reason, @Nullable Throwable cause) {
        CloseCause closeCause = CloseCause.of(reason, cause);
        closedCounter(reason, closeCause).increment();
        if (closeCause == CloseCause.PROTOCOL_ERROR) {
            // A malformed frame closes the connection without an OVERFLOW, so it is counted here.
            this.framesMalformed.increment();
        }
    }

    @Override
    public void refused(SuperServer server) {
        this.refused.increment();
    }

    @Override
    public void received(SuperSocket socket, int bytes) {
        received(bytes);
    }

    @Override
    public void sent(SuperSocket socket, long bytes) {
        sent(bytes);
    }

    void received(long bytes) {
        this.received.increment(bytes);
    }

    void sent(long bytes) {
        this.sent.increment(bytes);
    }

    @Override
    public void writePaused(SuperSocket socket) {
        this.paused.increment();
    }

    @Override
    public void tlsHandshakeFailed(SuperSocket socket, TlsFailureReason reason) {
        this.tlsHandshakeFailures[reason.ordinal()].increment();
    }
}
