package io.untwisted.spring.context;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.untwisted.spring.annotation.OnEvent;
import io.untwisted.spring.annotation.SocketServer;
import io.untwisted.spring.metrics.UntwistedMeters;
import io.untwisted.spring.testsupport.Runners;
import io.untwisted.spring.testsupport.SimpleRegistry;
import io.untwisted.spring.testsupport.TestClient;
import io.untwisted.split.Terminator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BlockedReactorWatchdogTests {

    @Test
    void shouldCountAHandlerThatBlocksTheReactorWhileItBlocks() {
        Runners.untwisted().withUserConfiguration(SimpleRegistry.class).withBean("blocking", Blocking.class)
                .withPropertyValues("untwisted.reactor.blocked-threshold=50ms").run(context -> {
                    Blocking blocking = context.getBean(Blocking.class);
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    try (TestClient client = TestClient.connect(Runners.port(context, "blocking"))) {
                        client.sendLine("block");
                        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                                registry.get(UntwistedMeters.HANDLER_BLOCKED.getName()).tag("server", "blocking")
                                        .tag("handler", "blocking#line").counter().count()).isEqualTo(1));
                        blocking.release.countDown();
                        assertThat(client.readLine()).isEqualTo("released");
                        client.sendLine("quick");
                        assertThat(client.readLine()).isEqualTo("released");
                    }
                });
    }

    @Test
    void shouldBeOffWithAZeroThreshold() {
        Runners.untwisted().withBean("blocking", Blocking.class)
                .withPropertyValues("untwisted.reactor.blocked-threshold=0").run(context -> {
                    BlockedReactorWatchdog watchdog = new BlockedReactorWatchdog(java.util.List.of(), Duration.ZERO);
                    assertThat(watchdog.enabled()).isFalse();
                    try (TestClient client = TestClient.connect(Runners.port(context, "blocking"))) {
                        client.sendLine("quick");
                        assertThat(client.readLine()).isEqualTo("released");
                    }
                });
    }

    @SocketServer(name = "blocking", delimiter = "\r\n")
    static class Blocking {
        final CountDownLatch release = new CountDownLatch(1);

        @OnEvent(Terminator.FOUND)
        String line(String line) throws InterruptedException {
            if (line.equals("block")) {
                assertThat(this.release.await(10, TimeUnit.SECONDS)).isTrue();
            }
            return "released\r\n";
        }
    }
}
