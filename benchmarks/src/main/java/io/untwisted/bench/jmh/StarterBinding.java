package io.untwisted.bench.jmh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.untwisted.event.Events;
import io.untwisted.event.Handler;
import io.untwisted.net.NetObserver;
import io.untwisted.net.SuperServer;
import io.untwisted.net.SuperSocket;
import io.untwisted.reactor.Reactor;
import io.untwisted.spring.annotation.OnEvent;
import io.untwisted.spring.binding.HandlerMethodBinding;
import io.untwisted.spring.context.BenchHandlers;
import io.untwisted.spring.context.HandlerInstrumentation;
import io.untwisted.spring.context.ServerInstrumentation;
import io.untwisted.spring.metrics.MicrometerInstrumentation;

/** Binds an {@code @OnEvent} bean to a socket the way the starter does, for the metrics benchmarks. */
final class StarterBinding {

    private StarterBinding() {
    }

    /** A registry of the kind {@code name} says: {@code prometheus} (the demo app's) or {@code simple}. */
    static MeterRegistry registry(String name) {
        return switch (name) {
            case "prometheus" -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            case "simple" -> new SimpleMeterRegistry();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /**
     * Binds the {@code @OnEvent(LOAD)} method {@code method} of {@code bean} (taking one
     * {@code ByteBuffer}) to {@code socket}, instrumented by the starter's
     * {@link MicrometerInstrumentation} when {@code registry} is given.
     */
    static void bind(SuperSocket socket, Object bean, String method, MeterRegistry registry) {
        server(socket.reactor(), bean, method, registry).accept(socket);
    }

    /**
     * What the starter sets up once per reactor for a server whose one handler is the
     * {@code @OnEvent(LOAD)} method {@code method} of {@code bean} (the reactor's observer of the
     * server's connections, the bound handler), instrumented when {@code registry} is given; the
     * consumer installs them on a connection of {@code reactor}, as the starter's connection setup does.
     */
    static Consumer<SuperSocket> server(Reactor reactor, Object bean, String method, MeterRegistry registry) {
        try {
            var handlerMethod = bean.getClass().getMethod(method, java.nio.ByteBuffer.class);
            HandlerMethodBinding binding = HandlerMethodBinding.create("bench", "bean", bean, handlerMethod,
                    handlerMethod.getAnnotation(OnEvent.class));
            HandlerInstrumentation instrumentation = HandlerInstrumentation.NONE;
            NetObserver observer = NetObserver.NONE;
            if (registry != null) {
                SuperServer server = SuperServer.bind(reactor, new InetSocketAddress("127.0.0.1", 0));
                ServerInstrumentation chain = new MicrometerInstrumentation(registry).server("bench", server,
                        List.of(binding));
                observer = chain.observer(reactor);
                instrumentation = chain.handler(binding, HandlerInstrumentation.NONE);
            }
            Handler handler = BenchHandlers.bound(binding, instrumentation, reactor);
            NetObserver installed = observer;
            return socket -> {
                socket.observer(installed);
                socket.on(Events.LOAD, handler);
            };
        }
        catch (ReflectiveOperationException | IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
