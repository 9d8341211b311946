package io.untwisted.demo.exec;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The exec server's allowlist and process runner, built from {@link ExecProperties}. */
@Configuration(proxyBeanMethods = false)
class ExecConfiguration {

    @Bean
    ExecAllowlist execAllowlist(ExecProperties properties) {
        return new ExecAllowlist(properties.allowed());
    }

    @Bean
    ChildProcessRunner childProcessRunner(ExecProperties properties) {
        return new ChildProcessRunner(properties.maxLineLength());
    }
}
