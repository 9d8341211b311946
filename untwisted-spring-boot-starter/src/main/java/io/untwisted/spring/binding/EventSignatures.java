package io.untwisted.spring.binding;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.untwisted.event.Events;
import io.untwisted.event.HandlerFailure;
import io.untwisted.net.CloseReason;
import io.untwisted.net.SuperSocket;
import io.untwisted.net.tls.TlsEvents;
import io.untwisted.split.FrameTooLongException;
import io.untwisted.split.Terminator;

import org.jspecify.annotations.Nullable;

/**
 * The arguments that untwisted's built-in events carry, so that {@code @OnEvent} parameters can be
 * matched to them by type at startup. Events not listed here (custom ones) are bound by position.
 *
 * <p>Immutable; safe from any thread.
 */
public final class EventSignatures {

    /**
     * One argument of an event: its type, its name in messages, and the index of the driven
     * argument it reads (ERROR offers its one argument twice: as the failure and as its cause).
     */
    public record Slot(Class<?> type, String name, int index) {

        Slot(Class<?> type, String name) {
            this(type, name, -1);
        }

        @Override
        public String toString() {
            return this.type.getSimpleName() + " " + this.name;
        }
    }

    private static final Map<String, List<Slot>> SIGNATURES = Map.ofEntries(
            Map.entry(Events.ACCEPT, List.of(new Slot(SuperSocket.class, "client"))),
            Map.entry(Events.CONNECT, List.of()),
            Map.entry(Events.CONNECT_ERR, List.of(new Slot(Throwable.class, "cause"))),
            Map.entry(Events.LOAD, List.of(new Slot(ByteBuffer.class, "data"))),
            Map.entry(Events.CLOSE, List.of(new Slot(CloseReason.class, "reason"), new Slot(Throwable.class, "cause"))),
            Map.entry(Events.DUMPED, List.of()),
            Map.entry(Events.PAUSED, List.of()),
            Map.entry(Events.RESUMED, List.of()),
            Map.entry(Events.ERROR, List.of(new Slot(HandlerFailure.class, "failure", 0),
                    new Slot(Throwable.class, "cause", 0))),
            Map.entry(Events.IDLE, List.of()),
            Map.entry(Events.SHUTDOWN, List.of()),
            Map.entry(Events.OVERFLOW, List.of(new Slot(FrameTooLongException.class, "cause"))),
            Map.entry(Terminator.FOUND, List.of(new Slot(byte[].class, "frame"))),
            Map.entry(TlsEvents.SSL_ACCEPT, List.of()),
            Map.entry(TlsEvents.SSL_ACCEPT_ERR, List.of(new Slot(Throwable.class, "cause"))),
            Map.entry(TlsEvents.SSL_CONNECT, List.of()),
            Map.entry(TlsEvents.SSL_CONNECT_ERR, List.of(new Slot(Throwable.class, "cause"))));

    private EventSignatures() {
    }

    /** The arguments {@code event} carries, or null for an event that is not built in. */
    public static @Nullable List<Slot> of(String event) {
        List<Slot> slots = SIGNATURES.get(event);
        if (slots == null) {
            return null;
        }
        List<Slot> indexed = new java.util.ArrayList<>(slots.size());
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            indexed.add(slot.index() >= 0 ? slot : new Slot(slot.type(), slot.name(), i));
        }
        return indexed;
    }

    /** Whether {@code event} is one of untwisted's own events. */
    public static boolean isBuiltIn(Object event) {
        return event instanceof String key && SIGNATURES.containsKey(key);
    }

    /** The keys of untwisted's own events. */
    public static Set<String> builtInEvents() {
        return SIGNATURES.keySet();
    }
}
