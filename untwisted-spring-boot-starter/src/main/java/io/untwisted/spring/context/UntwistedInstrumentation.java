package io.untwisted.spring.context;

import java.util.List;

import io.untwisted.net.SuperServer;
import io.untwisted.spring.binding.HandlerMethodBinding;

/**
 * Instruments the servers the starter binds: implemented by the Micrometer metrics and observation
 * support, and open to applications. Every bean of this type is used, in order.
 *
 * <p>Called on the thread that starts the application context, once per server.
 */
@FunctionalInterface
public interface UntwistedInstrumentation {

    /**
     * The instrumentation of server {@code name}, just bound as {@code server}, whose handlers are
     * {@code bindings}. Meters are created here, never on the hot path.
     */
    ServerInstrumentation server(String name, SuperServer server, List<HandlerMethodBinding> bindings);
}
