package io.untwisted.spring.metrics;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.untwisted.net.SuperServer;
import io.untwisted.spring.binding.HandlerMethodBinding;
import io.untwisted.spring.context.ServerInstrumentation;
import io.untwisted.spring.context.UntwistedInstrumentation;

import org.springframework.core.Ordered;

/**
 * Records untwisted's {@link UntwistedMeters} in a Micrometer {@link MeterRegistry}. The meters of
 * a server are created when it is bound and cached; events, connections and handler calls only
 * increment them.
 *
 * <p>Called on the thread that starts the context; the instrumentation it creates is called on
 * reactor and offload threads.
 */
public final class MicrometerInstrumentation implements UntwistedInstrumentation, Ordered {

    /** Runs inside observations, so observed calls include the time of recording metrics. */
    public static final int ORDER = 100;

    private final MeterRegistry registry;

    /** Records in {@code registry}. */
    public MicrometerInstrumentation(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ServerInstrumentation server(String name, SuperServer server, List<HandlerMethodBinding> bindings) {
        return new MicrometerServerInstrumentation(this.registry, name, server, bindings);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
