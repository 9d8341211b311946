package io.untwisted.spring.context;

import io.untwisted.net.NetObserver;
import io.untwisted.spring.binding.HandlerMethodBinding;

/**
 * The instrumentation of one bound server: an observer of its connections' traffic and events, and
 * the instrumentation of each of its handlers.
 *
 * <p>Created once per server when it is bound, on the thread that starts the application context.
 */
public interface ServerInstrumentation {

    /** Instruments nothing. */
    ServerInstrumentation NONE = new ServerInstrumentation() {
    };

    /** The observer of the server's connections (see {@link NetObserver} for its threading rules). */
    default NetObserver observer() {
        return NetObserver.NONE;
    }

    /**
     * The instrumentation of {@code binding}, which must call {@code next} inside its measurement.
     */
    default HandlerInstrumentation handler(HandlerMethodBinding binding, HandlerInstrumentation next) {
        return next;
    }

    /**
     * A graceful shutdown reset {@code connections} connections of the server that had not closed
     * by its deadline. Called once per shutdown, on the shutdown thread.
     */
    default void shutdownAborted(int connections) {
    }
}
