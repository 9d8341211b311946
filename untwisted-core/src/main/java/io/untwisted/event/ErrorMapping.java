package io.untwisted.event;

import java.util.Arrays;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a handler so that exceptions of chosen types it throws become events on the emitter that
 * drove it, with the exception and the key of the event being handled as arguments (the seed's
 * {@code handle_exception}):
 *
 * <pre>{@code
 * socket.on("add", ErrorMapping.wrap(this::add).map(NumberFormatException.class, BAD_NUMBER));
 * socket.on(BAD_NUMBER, e -> socket.dump("ValueError\r\n"));   // (Throwable cause, Object event)
 * }</pre>
 *
 * <p>Mappings are tried in the order they were added; the first whose type matches wins. An
 * exception that matches none, or whose event has no handler on the emitter, is rethrown, so the
 * dispatcher reports it as {@link Events#ERROR} as usual: no failure is ever dropped.
 *
 * <p>Immutable: {@link #map} returns a new handler, so one mapping can be shared by many emitters
 * and threads. It runs on the thread that drives the event.
 */
public final class ErrorMapping implements Handler {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);

    private final Handler handler;
    private final Class<?>[] types;
    private final Object[] events;

    private ErrorMapping(Handler handler, Class<?>[] types, Object[] events) {
        this.handler = handler;
        this.types = types;
        this.events = events;
    }

    /** {@code handler} with no mapping yet; add them with {@link #map}. */
    public static ErrorMapping wrap(Handler handler) {
        return new ErrorMapping(Objects.requireNonNull(handler, "handler"), new Class<?>[0], new Object[0]);
    }

    /**
     * This handler, with exceptions of {@code type} (and its subtypes) driven as {@code event}.
     */
    public ErrorMapping map(Class<? extends Exception> type, Object event) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(event, "event");
        Class<?>[] moreTypes = Arrays.copyOf(this.types, this.types.length + 1);
        moreTypes[this.types.length] = type;
        Object[] moreEvents = Arrays.copyOf(this.events, this.events.length + 1);
        moreEvents[this.events.length] = event;
        return new ErrorMapping(this.handler, moreTypes, moreEvents);
    }

    @Override
    public void handle(Event event) throws Exception {
        try {
            this.handler.handle(event);
        }
        catch (Exception ex) {
            for (int i = 0; i < this.types.length; i++) {
                if (this.types[i].isInstance(ex) && event.source().hasHandlers(this.events[i])) {
                    log.debug("{}: {} on '{}' mapped to '{}'", event.source(), ex, event.key(), this.events[i]);
                    event.source().drive(this.events[i], ex, event.key());
                    return;
                }
            }
            throw ex;
        }
    }

    @Override
    public String toString() {
        return "ErrorMapping[" + this.handler + " " + Arrays.toString(this.types) + "]";
    }
}
