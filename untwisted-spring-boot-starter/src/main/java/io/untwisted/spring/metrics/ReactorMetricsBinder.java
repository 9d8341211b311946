package io.untwisted.spring.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.ReactorGroup;

/**
 * Binds the gauges of each reactor of a group, read live through the reactors' getters:
 * {@code untwisted.reactor.tasks.pending} and {@code untwisted.reactor.sockets}, tagged with the
 * reactor's name.
 *
 * <p>The gauges are read on whatever thread the registry publishes from; the getters are safe
 * from any thread.
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
