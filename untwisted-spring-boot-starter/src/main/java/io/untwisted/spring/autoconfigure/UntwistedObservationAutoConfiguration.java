package io.untwisted.spring.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.ReactorGroup;
import io.untwisted.spring.metrics.ObservationInstrumentation;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Wraps every handler call in a Micrometer {@code Observation} when
 * {@code untwisted.observations.enabled=true} and the context has an {@link ObservationRegistry}.
 */
@AutoConfiguration(after = UntwistedAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ Reactor.class, ObservationRegistry.class })
@ConditionalOnBean({ ObservationRegistry.class, ReactorGroup.class })
@ConditionalOnBooleanProperty("untwisted.observations.enabled")
public final class UntwistedObservationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ObservationInstrumentation untwistedObservationInstrumentation(ObservationRegistry registry) {
        return new ObservationInstrumentation(registry);
    }
}
