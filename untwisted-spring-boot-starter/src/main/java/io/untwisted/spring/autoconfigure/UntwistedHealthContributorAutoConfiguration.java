package io.untwisted.spring.autoconfigure;

import io.untwisted.reactor.ReactorGroup;
import io.untwisted.spring.actuate.UntwistedHealthIndicator;
import io.untwisted.spring.context.UntwistedServerRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Contributes the {@code untwisted} health indicator when Spring Boot's health support is on the
 * classpath; {@code management.health.untwisted.enabled=false} turns it off.
 */
@AutoConfiguration(after = UntwistedAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean({ ReactorGroup.class, UntwistedServerRegistry.class })
public final class UntwistedHealthContributorAutoConfiguration {

    // The health condition sits on the method: its class is loadable only once the class-level
    // conditions have passed, so an application without Boot's health support never evaluates it.
    @Bean
    @ConditionalOnEnabledHealthIndicator("untwisted")
    @ConditionalOnMissingBean(name = "untwistedHealthIndicator")
    UntwistedHealthIndicator untwistedHealthIndicator(ReactorGroup group, UntwistedServerRegistry registry) {
        return new UntwistedHealthIndicator(group, registry);
    }
}
