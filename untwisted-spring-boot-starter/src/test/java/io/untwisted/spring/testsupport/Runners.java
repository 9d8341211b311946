package io.untwisted.spring.testsupport;

import io.untwisted.spring.autoconfigure.UntwistedAutoConfiguration;
import io.untwisted.spring.autoconfigure.UntwistedEndpointAutoConfiguration;
import io.untwisted.spring.autoconfigure.UntwistedHealthContributorAutoConfiguration;
import io.untwisted.spring.autoconfigure.UntwistedMetricsAutoConfiguration;
import io.untwisted.spring.autoconfigure.UntwistedObservationAutoConfiguration;
import io.untwisted.spring.context.UntwistedServer;
import io.untwisted.spring.context.UntwistedServerRegistry;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The context runners and look-ups the starter's tests share. */
public final class Runners {

    private Runners() {
    }

    /** A runner with every untwisted auto-configuration, one reactor and a short shutdown timeout. */
    public static ApplicationContextRunner untwisted() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(UntwistedAutoConfiguration.class,
                        UntwistedMetricsAutoConfiguration.class, UntwistedObservationAutoConfiguration.class,
                        UntwistedHealthContributorAutoConfiguration.class, UntwistedEndpointAutoConfiguration.class))
                .withPropertyValues("untwisted.reactor.threads=1", "spring.lifecycle.timeout-per-shutdown-phase=5s");
    }

    /** The bound port of server {@code name} in a started context. */
    public static int port(ApplicationContext context, String name) {
        UntwistedServer server = context.getBean(UntwistedServerRegistry.class).server(name);
        assertThat(server).as("server '%s'", name).isNotNull();
        assertThat(server.isBound()).as("server '%s' is bound", name).isTrue();
        return server.port();
    }
}
