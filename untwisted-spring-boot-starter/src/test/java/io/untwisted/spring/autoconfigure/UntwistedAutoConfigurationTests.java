package io.untwisted.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.untwisted.event.Events;
import io.untwisted.reactor.ReactorGroup;
import io.untwisted.reactor.ReactorState;
import io.untwisted.spring.annotation.OnEvent;
import io.untwisted.spring.annotation.OnEventMethodProcessor;
import io.untwisted.spring.annotation.SocketServer;
import io.untwisted.spring.context.ReactorGroupLifecycle;
import io.untwisted.spring.context.UntwistedServerRegistry;
import io.untwisted.spring.context.UntwistedServerStartedEvent;
import io.untwisted.spring.testsupport.Runners;
import io.untwisted.spring.testsupport.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.untwisted.spring.testsupport.Failures.startupFailure;
import static org.assertj.core.api.Assertions.assertThat;

class UntwistedAutoConfigurationTests {

    @Test
    void shouldProvideReactorGroupRegistryAndLifecycle() {
        Runners.untwisted().run(context -> {
            assertThat(context).hasSingleBean(ReactorGroup.class).hasSingleBean(UntwistedServerRegistry.class)
                    .hasSingleBean(ReactorGroupLifecycle.class).hasSingleBean(OnEventMethodProcessor.class);
            assertThat(context.getBean(ReactorGroup.class).reactors()).allSatisfy(
                    reactor -> assertThat(reactor.state()).isEqualTo(ReactorState.RUNNING));
        });
    }

    @Test
    void shouldSizeReactorGroupFromProperties() {
        Runners.untwisted().withPropertyValues("untwisted.reactor.threads=3", "untwisted.reactor.thread-name-prefix=io")
                .run(context -> assertThat(context.getBean(ReactorGroup.class).reactors())
                        .extracting(reactor -> reactor.name()).containsExactly("io-0", "io-1", "io-2"));
    }

    @Test
    void shouldFailStartupWhenReactorThreadsAreInvalid() {
        Runners.untwisted().withPropertyValues("untwisted.reactor.threads=0").run(context ->
                assertThat(startupFailure(context)).contains("untwisted.reactor.threads must be >= 1: 0"));
    }

    @Test
    void shouldBackOffWhenDisabled() {
        Runners.untwisted().withPropertyValues("untwisted.enabled=false").withBean("echo", Echo.class)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ReactorGroup.class)
                        .doesNotHaveBean(ReactorGroupLifecycle.class));
    }

    @Test
    void shouldUseReactorGroupOfTheApplication() {
        Runners.untwisted().withUserConfiguration(OwnGroup.class).run(context -> {
            assertThat(context).hasSingleBean(ReactorGroup.class);
            assertThat(context.getBean(ReactorGroup.class).reactors()).extracting(reactor -> reactor.name())
                    .containsExactly("own-0");
        });
    }

    @Test
    void shouldStopReactorsWhenContextCloses() {
        List<ReactorGroup> groups = new ArrayList<>();
        Runners.untwisted().run(context -> groups.add(context.getBean(ReactorGroup.class)));
        assertThat(groups.get(0).reactors()).allSatisfy(
                reactor -> assertThat(reactor.state()).isEqualTo(ReactorState.TERMINATED));
    }

    @Test
    void shouldServeClientsWithoutMicrometerOrActuator() {
        Runners.untwisted()
                .withClassLoader(new FilteredClassLoader("io.micrometer", "org.springframework.boot.micrometer",
                        "org.springframework.boot.actuate", "org.springframework.boot.health"))
                .withBean("echo", Echo.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    try (TestClient client = TestClient.connect(Runners.port(context, "echo"))) {
                        client.sendLine("ping");
                        assertThat(client.readLine()).isEqualTo("ping");
                    }
                });
    }

    @Test
    void shouldPublishBoundPortAsEventAndProperty() {
        Runners.untwisted().withBean("echo", Echo.class).withUserConfiguration(PortListener.class).run(context -> {
            int port = Runners.port(context, "echo");
            assertThat(port).isPositive();
            assertThat(context.getEnvironment().getProperty("local.untwisted.servers.echo.port", Integer.class))
                    .isEqualTo(port);
            assertThat(context.getBean(PortListener.class).events).singleElement().satisfies(event -> {
                assertThat(event.getServerName()).isEqualTo("echo");
                assertThat(event.getPort()).isEqualTo(port);
            });
        });
    }

    @SocketServer(name = "echo")
    static class Echo {
        @OnEvent(Events.LOAD)
        java.nio.ByteBuffer echo(java.nio.ByteBuffer data) {
            return data;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnGroup {
        @Bean(destroyMethod = "close")
        ReactorGroup ownGroup() {
            return new ReactorGroup(1, "own");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PortListener implements ApplicationListener<UntwistedServerStartedEvent> {
        final List<UntwistedServerStartedEvent> events = new ArrayList<>();

        @Override
        public void onApplicationEvent(UntwistedServerStartedEvent event) {
            this.events.add(event);
        }
    }
}
