package io.untwisted.spring.autoconfigure;

import io.untwisted.reactor.ReactorGroup;
import io.untwisted.spring.actuate.UntwistedEndpoint;
import io.untwisted.spring.context.UntwistedServerRegistry;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Provides the {@code untwisted} Actuator endpoint when Actuator is on the classpath and the
 * endpoint is available (exposed with {@code management.endpoints.web.exposure.include}).
 */
@AutoConfiguration(after = UntwistedAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean({ ReactorGroup.class, UntwistedServerRegistry.class })
public final class UntwistedEndpointAutoConfiguration {

    // The endpoint condition sits on the method: its class is loadable only once the class-level
    // conditions have passed, so an application without Actuator never evaluates it.
    @Bean
    @ConditionalOnAvailableEndpoint(UntwistedEndpoint.class)
    @ConditionalOnMissingBean
    UntwistedEndpoint untwistedEndpoint(ReactorGroup group, UntwistedServerRegistry registry) {
        return new UntwistedEndpoint(group, registry);
    }
}
