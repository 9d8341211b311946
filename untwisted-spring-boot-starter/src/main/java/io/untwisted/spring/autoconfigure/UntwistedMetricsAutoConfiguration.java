package io.untwisted.spring.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.ReactorGroup;
import io.untwisted.spring.metrics.MicrometerInstrumentation;
import io.untwisted.spring.metrics.ReactorMetricsBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Records untwisted's meters in the application's {@link MeterRegistry} when there is one: the
 * per-server meters and the reactor gauges. Turned off by {@code untwisted.metrics.enabled=false};
 * without Micrometer on the classpath or a registry in the context the starter simply records
 * nothing.
 */
@AutoConfiguration(after = UntwistedAutoConfiguration.class,
        afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ Reactor.class, MeterRegistry.class })
@ConditionalOnBean({ MeterRegistry.class, ReactorGroup.class })
@ConditionalOnBooleanProperty(name = "untwisted.metrics.enabled", matchIfMissing = true)
public final class UntwistedMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MicrometerInstrumentation untwistedMicrometerInstrumentation(MeterRegistry registry) {
        return new MicrometerInstrumentation(registry);
    }

    @Bean
    @ConditionalOnMissingBean
    ReactorMetricsBinder untwistedReactorMetrics(ReactorGroup group) {
        return new ReactorMetricsBinder(group);
    }
}
