package io.untwisted.spring.autoconfigure;

import java.time.Duration;

import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.ReactorGroup;
import io.untwisted.spring.annotation.OnEventMethodProcessor;
import io.untwisted.spring.context.ReactorGroupLifecycle;
import io.untwisted.spring.context.ServerSettingsResolver;
import io.untwisted.spring.context.UntwistedInstrumentation;
import io.untwisted.spring.context.UntwistedServerRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Auto-configures untwisted: a {@link ReactorGroup}, the discovery of {@code @SocketServer} beans
 * and their {@code @OnEvent} methods, and the lifecycle bean that binds the servers when the
 * context starts and shuts them down gracefully when it stops.
 *
 * <p>Turned off by {@code untwisted.enabled=false}. Every bean but the method processor can be
 * replaced by declaring one of the same type.
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnClass(Reactor.class)
@ConditionalOnBooleanProperty(name = "untwisted.enabled", matchIfMissing = true)
@EnableConfigurationProperties(UntwistedProperties.class)
public final class UntwistedAutoConfiguration {

    /** The key of Boot's shutdown timeout, which bounds the graceful shutdown. */
    static final String SHUTDOWN_TIMEOUT_PROPERTY = "spring.lifecycle.timeout-per-shutdown-phase";

    private static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static OnEventMethodProcessor untwistedOnEventMethodProcessor() {
        return new OnEventMethodProcessor();
    }

    @Bean
    @ConditionalOnMissingBean
    UntwistedServerRegistry untwistedServerRegistry() {
        return new UntwistedServerRegistry();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ReactorGroup untwistedReactorGroup(UntwistedProperties properties) {
        Integer configured = properties.getReactor().getThreads();
        int threads = configured != null ? configured : Runtime.getRuntime().availableProcessors();
        if (threads < 1) {
            throw new IllegalStateException("untwisted.reactor.threads must be >= 1: " + threads);
        }
        return new ReactorGroup(threads, properties.getReactor().getThreadNamePrefix());
    }

    @Bean
    @ConditionalOnMissingBean
    ServerSettingsResolver untwistedServerSettingsResolver(UntwistedProperties properties, Environment environment,
            ObjectProvider<SslBundles> sslBundles) {
        return new PropertiesServerSettingsResolver(properties, environment, sslBundles::getIfAvailable);
    }

    @Bean
    @ConditionalOnMissingBean
    ReactorGroupLifecycle untwistedLifecycle(ReactorGroup group, UntwistedServerRegistry registry,
            ServerSettingsResolver resolver, ObjectProvider<UntwistedInstrumentation> instrumentations,
            UntwistedProperties properties, Environment environment, ApplicationEventPublisher publisher) {
        return new ReactorGroupLifecycle(group, registry, resolver, () -> instrumentations.orderedStream().toList(),
                options(properties, environment), publisher,
                environment instanceof ConfigurableEnvironment configurable ? configurable : null);
    }

    private static ReactorGroupLifecycle.Options options(UntwistedProperties properties, Environment environment) {
        Duration shutdownTimeout = Binder.get(environment).bind(SHUTDOWN_TIMEOUT_PROPERTY, Duration.class)
                .orElse(DEFAULT_SHUTDOWN_TIMEOUT);
        Integer offloadThreads = properties.getOffload().getThreads();
        int threads = offloadThreads != null ? offloadThreads
                : Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
        try {
            return new ReactorGroupLifecycle.Options(shutdownTimeout, properties.getReactor().getBlockedThreshold(),
                    threads, properties.getOffload().getMaxPendingPerConnection());
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalStateException("Invalid untwisted configuration: " + ex.getMessage(), ex);
        }
    }
}
