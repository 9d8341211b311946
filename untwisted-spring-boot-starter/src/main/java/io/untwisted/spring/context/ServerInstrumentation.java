package io.untwisted.spring.context;

import io.untwisted.net.NetObserver;
import io.untwisted.reactor.Reactor;
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

    /**
     * The observer of the server's listening socket, and of its connections unless
     * {@link #observer(Reactor)} gives them another (see {@link NetObserver} for its threading rules).
     */
    default NetObserver observer() {
        return NetObserver.NONE;
    }

    /**
     * The observer of the server's connections served by {@code reactor}, called once per reactor
     * when the server is bound; it is called only on that reactor's thread, so it may keep state
     * of that thread without synchronization. The default is {@link #observer()}.
     */
    default NetObserver observer(Reactor reactor) {
        return observer();
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
