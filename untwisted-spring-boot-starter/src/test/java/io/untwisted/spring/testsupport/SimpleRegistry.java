package io.untwisted.spring.testsupport;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A real, in-memory Micrometer registry for context-runner tests. */
@Configuration(proxyBeanMethods = false)
public class SimpleRegistry {

    @Bean
    SimpleMeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }
}
