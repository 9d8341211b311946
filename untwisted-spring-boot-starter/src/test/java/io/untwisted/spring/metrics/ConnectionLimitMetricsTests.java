package io.untwisted.spring.metrics;

import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.untwisted.spring.annotation.OnEvent;
import io.untwisted.spring.annotation.SocketServer;
import io.untwisted.spring.testsupport.Runners;
import io.untwisted.spring.testsupport.SimpleRegistry;
import io.untwisted.spring.testsupport.TestClient;
import io.untwisted.split.Terminator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * B6 through the starter: {@code untwisted.servers.<name>.max-connections} reaches the server and
 * every refused connection moves {@code untwisted.connections.refused}; and the
 * {@code untwisted.write.queued} gauge shows the bytes a slow peer has waiting.
 */
@Timeout(60)
class ConnectionLimitMetricsTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int BIG_REPLY = 8 * 1024 * 1024;

    @Test
    void shouldCountEveryConnectionRefusedAtMaxConnections() {
        Runners.untwisted().withUserConfiguration(SimpleRegistry.class).withBean("bulk", Bulk.class)
                .withPropertyValues("untwisted.servers.bulk.max-connections=100").run(context -> {
                    int port = Runners.port(context, "bulk");
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    List<SocketChannel> clients = new ArrayList<>();
                    try {
                        for (int i = 0; i < 150; i++) {
                            clients.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", port)));
                        }
                        await().atMost(TIMEOUT).until(() -> counter(registry, UntwistedMeters.CONNECTIONS_REFUSED) == 50
                                && gauge(registry, UntwistedMeters.CONNECTIONS_ACTIVE) == 100);
                        await().atMost(Duration.ofSeconds(5)).during(Duration.ofSeconds(1))
                                .until(() -> gauge(registry, UntwistedMeters.CONNECTIONS_ACTIVE) <= 100);
                        assertThat(counter(registry, UntwistedMeters.CONNECTIONS_REFUSED)).isEqualTo(50);
                        assertThat(counter(registry, UntwistedMeters.CONNECTIONS_OPENED)).isEqualTo(100);
                    }
                    finally {
                        for (SocketChannel client : clients) {
                            client.close();
                        }
                    }
                });
    }

    @Test
    void shouldGaugeTheBytesQueuedForAPeerThatDoesNotRead() {
        Runners.untwisted().withUserConfiguration(SimpleRegistry.class).withBean("bulk", Bulk.class).run(context -> {
            int port = Runners.port(context, "bulk");
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(gauge(registry, UntwistedMeters.WRITE_QUEUED)).isZero();
            assertThat(registry.get(UntwistedMeters.WRITE_QUEUED.getName()).gauge().getId().getBaseUnit())
                    .isEqualTo("bytes");
            try (TestClient client = TestClient.connect(port, 4096)) {
                client.sendLine("big");
                await().atMost(TIMEOUT).until(() -> gauge(registry, UntwistedMeters.WRITE_QUEUED) > 0);
                assertThat(gauge(registry, UntwistedMeters.WRITE_QUEUED)).isLessThanOrEqualTo(BIG_REPLY);
            }
            await().atMost(TIMEOUT).until(() -> gauge(registry, UntwistedMeters.WRITE_QUEUED) == 0);
        });
    }

    private static double counter(MeterRegistry registry, UntwistedMeters meter) {
        return registry.get(meter.getName()).tag("server", "bulk").counter().count();
    }

    private static double gauge(MeterRegistry registry, UntwistedMeters meter) {
        return registry.get(meter.getName()).tag("server", "bulk").gauge().value();
    }

    @SocketServer(name = "bulk", delimiter = "\r\n")
    static class Bulk {

        @OnEvent(Terminator.FOUND)
        String line(String line) {
            return "big".equals(line) ? "x".repeat(BIG_REPLY) : line + "\r\n";
        }
    }
}
