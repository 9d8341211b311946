package io.untwisted.spring.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.untwisted.spring.annotation.OnEvent;
import io.untwisted.spring.annotation.SocketServer;
import io.untwisted.spring.metrics.MicrometerInstrumentation;
import io.untwisted.spring.metrics.ObservationInstrumentation;
import io.untwisted.spring.metrics.ReactorMetricsBinder;
import io.untwisted.spring.metrics.UntwistedMeters;
import io.untwisted.spring.testsupport.Runners;
import io.untwisted.spring.testsupport.TestClient;
import io.untwisted.split.Terminator;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class UntwistedMetricsAutoConfigurationTests {

    @Test
    void shouldRecordMetersWhenRegistryIsPresent() {
        Runners.untwisted().withUserConfiguration(Registry.class).withBean("lines", Lines.class).run(context -> {
            assertThat(context).hasSingleBean(MicrometerInstrumentation.class).hasSingleBean(ReactorMetricsBinder.class);
            exchange(context, 3);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get(UntwistedMeters.EVENTS.getName()).tag("server", "lines")
                    .tag("event", Terminator.FOUND).counter().count()).isEqualTo(3);
        });
    }

    @Test
    void shouldCreateNoMetersWhenMetricsAreDisabled() {
        Runners.untwisted().withUserConfiguration(Registry.class).withBean("lines", Lines.class)
                .withPropertyValues("untwisted.metrics.enabled=false").run(context -> {
                    assertThat(context).doesNotHaveBean(MicrometerInstrumentation.class)
                            .doesNotHaveBean(ReactorMetricsBinder.class);
                    exchange(context, 1);
                    assertThat(context.getBean(MeterRegistry.class).getMeters())
                            .noneMatch(meter -> meter.getId().getName().startsWith("untwisted."));
                });
    }

    @Test
    void shouldBackOffWithoutMeterRegistry() {
        Runners.untwisted().withBean("lines", Lines.class).run(context -> {
            assertThat(context).doesNotHaveBean(MicrometerInstrumentation.class);
            exchange(context, 1);
        });
    }

    @Test
    void shouldNotObserveHandlerCallsByDefault() {
        Runners.untwisted().withUserConfiguration(Observations.class).withBean("lines", Lines.class)
                .run(context -> {
                    assertThat(context).doesNotHaveBean(ObservationInstrumentation.class);
                    exchange(context, 1);
                    assertThat(context.getBean(Observations.class).observed).isEmpty();
                });
    }

    @Test
    void shouldObserveHandlerCallsWithTheTimerTagKeysWhenEnabled() {
        Runners.untwisted().withUserConfiguration(Observations.class).withBean("lines", Lines.class)
                .withPropertyValues("untwisted.observations.enabled=true").run(context -> {
                    assertThat(context).hasSingleBean(ObservationInstrumentation.class);
                    exchange(context, 2);
                    List<Observation.Context> observed = context.getBean(Observations.class).observed;
                    assertThat(observed).hasSize(2).allSatisfy(observation -> {
                        assertThat(observation.getName()).isEqualTo(ObservationInstrumentation.OBSERVATION_NAME);
                        assertThat(observation.getLowCardinalityKeyValues()).containsExactlyInAnyOrder(
                                KeyValue.of("server", "lines"), KeyValue.of("event", Terminator.FOUND),
                                KeyValue.of("handler", "lines#line"), KeyValue.of("outcome", "success"),
                                KeyValue.of("exception", "none"));
                    });
                });
    }

    private static void exchange(org.springframework.context.ApplicationContext context, int lines) throws Exception {
        try (TestClient client = TestClient.connect(Runners.port(context, "lines"))) {
            for (int i = 0; i < lines; i++) {
                client.sendLine("x" + i);
                assertThat(client.readLine()).isEqualTo("x" + i);
            }
        }
    }

    @SocketServer(name = "lines", delimiter = "\r\n")
    static class Lines {
        @OnEvent(Terminator.FOUND)
        String line(String line) {
            return line + "\r\n";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {
        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Observations {
        final List<Observation.Context> observed = new CopyOnWriteArrayList<>();

        @Bean
        ObservationRegistry observationRegistry() {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(new ObservationHandler<>() {
                @Override
                public boolean supportsContext(Observation.Context context) {
                    return true;
                }

                @Override
                public void onStop(Observation.Context context) {
                    Observations.this.observed.add(context);
                }
            });
            return registry;
        }
    }
}
