package io.untwisted.spring.actuate;

import java.time.Duration;
import java.util.Map;

import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.ReactorGroup;
import io.untwisted.spring.annotation.SocketServer;
import io.untwisted.spring.testsupport.Runners;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

@SuppressWarnings("unchecked")
class UntwistedHealthIndicatorTests {

    @Test
    void shouldBeUpWhileReactorsRunAndServersAreBound() {
        Runners.untwisted().withBean("quiet", Quiet.class).run(context -> {
            Health health = context.getBean(UntwistedHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat((Map<Object, Object>) health.getDetails().get("servers")).containsKey("quiet");
        });
    }

    @Test
    void shouldBeDownWithDetailsWhenAReactorStopped() {
        Runners.untwisted().withBean("quiet", Quiet.class).run(context -> {
            Reactor reactor = context.getBean(ReactorGroup.class).reactors().get(0);
            reactor.stop();
            assertThat(reactor.awaitTermination(Duration.ofSeconds(10))).isTrue();
            Health health = context.getBean(UntwistedHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat((Map<Object, Object>) health.getDetails().get("reactors")).containsEntry(reactor.name(), "TERMINATED");
            assertThat((Map<Object, Object>) health.getDetails().get("servers")).containsEntry("quiet", "not bound");
        });
    }

    @Test
    void shouldBackOffWhenDisabled() {
        Runners.untwisted().withPropertyValues("management.health.untwisted.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(UntwistedHealthIndicator.class));
    }

    @Test
    void shouldProvideTheEndpointOnlyWhenExposed() {
        Runners.untwisted().run(context -> assertThat(context).doesNotHaveBean(UntwistedEndpoint.class));
        Runners.untwisted().withPropertyValues("management.endpoints.web.exposure.include=untwisted")
                .withBean("quiet", Quiet.class).run(context -> {
                    assertThat(context).hasSingleBean(UntwistedEndpoint.class);
                    UntwistedEndpoint.UntwistedDescriptor descriptor = context.getBean(UntwistedEndpoint.class).untwisted();
                    assertThat(descriptor.servers()).singleElement().satisfies(server -> {
                        assertThat(server.name()).isEqualTo("quiet");
                        assertThat(server.bound()).isTrue();
                        assertThat(server.handlers()).isEmpty();
                    });
                    assertThat(descriptor.reactors()).singleElement()
                            .satisfies(reactor -> assertThat(reactor.state()).isEqualTo("RUNNING"));
                    assertThat(context.getBean(UntwistedEndpoint.class).server("nope")).isNull();
                });
    }

    @SocketServer(name = "quiet")
    static class Quiet {
    }
}
