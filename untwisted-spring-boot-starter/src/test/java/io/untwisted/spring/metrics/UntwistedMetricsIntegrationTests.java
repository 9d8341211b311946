package io.untwisted.spring.metrics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;

import io.micrometer.core.instrument.MeterRegistry;
import io.untwisted.event.Events;
import io.untwisted.net.SuperSocket;
import io.untwisted.spring.annotation.OnEvent;
import io.untwisted.spring.annotation.SocketServer;
import io.untwisted.spring.testsupport.TestClient;
import io.untwisted.split.Terminator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Boot application with a line server on port 0 and the auto-configured Micrometer
 * registry: exact meter values after known exchanges over real sockets.
 */
@SpringBootTest(classes = UntwistedMetricsIntegrationTests.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
class UntwistedMetricsIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Autowired
    private MeterRegistry registry;

    @Value("${local.untwisted.servers.lines.port}")
    private int port;

    /**
     * The tests share one server: a connection of the previous test may still be closing, and its
     * last write is counted just after its client read it. Once no connection is open, every
     * count of the previous test is in.
     */
    @BeforeEach
    void waitForThePreviousTestsConnectionsToClose() {
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(gauge(UntwistedMeters.CONNECTIONS_ACTIVE)).isZero());
    }

    @Test
    void shouldCountEveryFrameAndEveryByte() throws Exception {
        double framesBefore = events("terminator.found");
        double receivedBefore = counter(UntwistedMeters.DATA_RECEIVED);
        double sentBefore = counter(UntwistedMeters.DATA_SENT);
        int lines = 25;
        long bytesOut = 0;
        long bytesBack = 0;
        try (TestClient client = TestClient.connect(this.port)) {
            for (int i = 0; i < lines; i++) {
                String line = "line " + i;
                client.sendLine(line);
                bytesOut += line.length() + 2;
                assertThat(client.readLine()).isEqualTo(line.toUpperCase(Locale.ROOT));
                bytesBack += line.length() + 2;
            }
        }
        assertThat(events("terminator.found") - framesBefore).isEqualTo(lines);
        assertThat(counter(UntwistedMeters.DATA_RECEIVED) - receivedBefore).isEqualTo(bytesOut);
        long expectedSent = bytesBack;
        // The reactor counts a write once the write returns, which may be just after the client read it.
        await().atMost(TIMEOUT).untilAsserted(
                () -> assertThat(counter(UntwistedMeters.DATA_SENT) - sentBefore).isEqualTo(expectedSent));
        assertThat(this.registry.get(UntwistedMeters.HANDLER.getName()).tag("server", "lines")
                .tag("event", "terminator.found").tag("handler", "lineServer#line").tag("outcome", "success")
                .tag("exception", "none").timer().count()).isGreaterThanOrEqualTo(lines);
    }

    @Test
    void shouldCountConnectionsAndReturnActiveToZero() throws Exception {
        double openedBefore = counter(UntwistedMeters.CONNECTIONS_OPENED);
        double closedBefore = closed("peer");
        try (TestClient first = TestClient.connect(this.port); TestClient second = TestClient.connect(this.port)) {
            first.sendLine("a");
            second.sendLine("b");
            assertThat(first.readLine()).isEqualTo("A");
            assertThat(second.readLine()).isEqualTo("B");
            assertThat(gauge(UntwistedMeters.CONNECTIONS_ACTIVE)).isEqualTo(2);
        }
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(gauge(UntwistedMeters.CONNECTIONS_ACTIVE)).isZero());
        assertThat(counter(UntwistedMeters.CONNECTIONS_OPENED) - openedBefore).isEqualTo(2);
        assertThat(closed("peer") - closedBefore).isEqualTo(2);
    }

    @Test
    void shouldNotCreateSeriesForEventNamesChosenByPeers() throws Exception {
        int seriesBefore = this.registry.find(UntwistedMeters.EVENTS.getName()).counters().size();
        double otherBefore = events(UntwistedMeters.OTHER_EVENT);
        Random random = new Random(42);
        int words = 1_000;
        try (TestClient client = TestClient.connect(this.port)) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < words; i++) {
                batch.append("word ").append(Long.toString(random.nextLong(), 36)).append("\r\n");
            }
            client.send(batch.toString());
            client.sendLine("done");
            assertThat(client.readLine()).isEqualTo("DONE");
        }
        assertThat(events(UntwistedMeters.OTHER_EVENT) - otherBefore).isEqualTo(words);
        assertThat(this.registry.find(UntwistedMeters.EVENTS.getName()).counters()).hasSize(seriesBefore);
    }

    @Test
    void shouldExposeReactorGauges() {
        assertThat(this.registry.find(UntwistedMeters.REACTOR_TASKS_PENDING.getName()).gauges()).hasSize(2);
        assertThat(this.registry.find(UntwistedMeters.REACTOR_SOCKETS.getName()).gauges()).hasSize(2);
        double sockets = this.registry.find(UntwistedMeters.REACTOR_SOCKETS.getName()).gauges().stream()
                .mapToDouble(io.micrometer.core.instrument.Gauge::value).sum();
        assertThat(sockets).isGreaterThanOrEqualTo(1);
    }

    private double events(String event) {
        return this.registry.get(UntwistedMeters.EVENTS.getName()).tag("server", "lines").tag("event", event)
                .counter().count();
    }

    private double counter(UntwistedMeters meter) {
        return this.registry.get(meter.getName()).tag("server", "lines").counter().count();
    }

    private double closed(String reason) {
        return this.registry.get(UntwistedMeters.CONNECTIONS_CLOSED.getName()).tag("server", "lines")
                .tag("reason", reason).counters().stream().mapToDouble(io.micrometer.core.instrument.Counter::count)
                .sum();
    }

    private double gauge(UntwistedMeters meter) {
        return this.registry.get(meter.getName()).tag("server", "lines").gauge().value();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        LineServer lineServer() {
            return new LineServer();
        }
    }

    @SocketServer(name = "lines", delimiter = "\r\n")
    static class LineServer {

        @OnEvent(Terminator.FOUND)
        String line(SuperSocket client, String line) {
            if (line.startsWith("word ")) {
                client.drive(line.substring(5));
                return null;
            }
            return line.toUpperCase(Locale.ROOT) + "\r\n";
        }

        @OnEvent(Events.CLOSE)
        void close(SuperSocket client) {
            client.attr("closed", Boolean.TRUE);
        }
    }
}
