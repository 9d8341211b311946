package io.untwisted.spring.metrics;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.ReactorGroup;

/**
 * Binds the meters of each reactor of a group, tagged with the reactor's name: the gauges
 * {@code untwisted.reactor.tasks.pending} and {@code untwisted.reactor.sockets} and the counter
 * {@code untwisted.reactor.select.premature}, read live through the reactors' getters, and the
 * timer {@code untwisted.reactor.loop.lag}, fed by each reactor's {@code LoopLag} with every turn.
 *
 * <p>The gauges are read on whatever thread the registry publishes from; the getters are safe
 * from any thread. The loop-lag timer is recorded on the reactor thread, once per turn; binding a
 * second registry moves the recording to that registry.
 */
public final class ReactorMetricsBinder implements MeterBinder {

    private final ReactorGroup group;

    /** Binds the reactors of {@code group}. */
    public ReactorMetricsBinder(ReactorGroup group) {
        this.group = group;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Reactor reactor : this.group.reactors()) {
            gauge(registry, UntwistedMeters.REACTOR_TASKS_PENDING, reactor, Reactor::pendingTasks);
            gauge(registry, UntwistedMeters.REACTOR_SOCKETS, reactor, Reactor::registeredChannels);
            FunctionCounter.builder(UntwistedMeters.REACTOR_SELECT_PREMATURE.getName(), reactor,
                            Reactor::prematureSelectReturns)
                    .description(UntwistedMeters.REACTOR_SELECT_PREMATURE.getDescription())
                    .tag(UntwistedMeters.TagKeys.REACTOR, reactor.name())
                    .register(registry);
            Timer lag = Timer.builder(UntwistedMeters.REACTOR_LOOP_LAG.getName())
                    .description(UntwistedMeters.REACTOR_LOOP_LAG.getDescription())
                    .tag(UntwistedMeters.TagKeys.REACTOR, reactor.name())
                    .register(registry);
            reactor.loopLag().listener(nanos -> lag.record(nanos, TimeUnit.NANOSECONDS));
        }
    }

    private static void gauge(MeterRegistry registry, UntwistedMeters meter, Reactor reactor,
            java.util.function.ToDoubleFunction<Reactor> value) {
        Gauge.builder(meter.getName(), reactor, value)
                .description(meter.getDescription())
                .baseUnit(meter.getBaseUnit())
                .tag(UntwistedMeters.TagKeys.REACTOR, reactor.name())
                .strongReference(true)
                .register(registry);
    }
}
