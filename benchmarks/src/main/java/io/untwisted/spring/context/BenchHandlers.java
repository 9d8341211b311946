package io.untwisted.spring.context;

import java.time.Duration;
import java.util.List;

import io.untwisted.event.Handler;
import io.untwisted.reactor.Reactor;
import io.untwisted.spring.binding.HandlerMethodBinding;

/**
 * Benchmark-only access to the starter's package-private {@link BoundHandler}, the handler the
 * starter registers for every {@code @OnEvent} method: the JMH benchmarks measure exactly what
 * an application runs per event (watchdog bookkeeping, the instrumentation chain, the method
 * handle call, the reply). Lives in the benchmarks module, never in the starter.
 */
public final class BenchHandlers {

    private BenchHandlers() {
    }

    /**
     * The handler the starter would bind for {@code binding} on {@code reactor}, with the
     * watchdog's default 100 ms threshold (its activity bookkeeping runs; its timer thread is not
     * started).
     */
    public static Handler bound(HandlerMethodBinding binding, HandlerInstrumentation instrumentation, Reactor reactor) {
        BlockedReactorWatchdog watchdog = new BlockedReactorWatchdog(List.of(reactor), Duration.ofMillis(100));
        return new BoundHandler(binding, instrumentation, watchdog.activityOf(reactor), watchdog);
    }
}
