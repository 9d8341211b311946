package io.untwisted.spring.context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.untwisted.net.SuperSocket;
import io.untwisted.spring.annotation.OnEvent;
import io.untwisted.spring.annotation.SocketServer;
import io.untwisted.spring.metrics.ReactorMetricsBinder;
import io.untwisted.spring.metrics.UntwistedMeters;
import io.untwisted.spring.testsupport.Runners;
import io.untwisted.spring.testsupport.SimpleRegistry;
import io.untwisted.spring.testsupport.TestClient;
import io.untwisted.split.Terminator;
import io.untwisted.testsupport.Figures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rows E1–E3 of the reliability matrix through the starter: what a server does with a connection
 * whose handler throws or blocks, and what the log and the meters say about it.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(120)
class HandlerErrorPolicyTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String FAILURE = "handler refuses boom";
    private static final int OTHER_CLIENTS = 10;

    /** E1, policy close (the default): only the failing connection closes, with cause handler_error. */
    @Test
    void shouldCloseOnlyTheConnectionWhoseHandlerThrows(CapturedOutput output) {
        Runners.untwisted().withUserConfiguration(SimpleRegistry.class).withBean("boomServer", BoomServer.class)
                .run(context -> {
                    double maxRtt = failOneAmongEleven(context, output, true);
                    Figures.record("E1", "other clients' max RTT (policy close)", maxRtt, "ms");
                });
    }

    /** E1, policy keep: the failing connection stays open and keeps being served. */
    @Test
    void shouldKeepTheConnectionWhoseHandlerThrowsWhenToldTo(CapturedOutput output) {
        Runners.untwisted().withUserConfiguration(SimpleRegistry.class).withBean("boomServer", BoomServer.class)
                .withPropertyValues("untwisted.servers.boom.on-error=keep")
                .run(context -> {
                    double maxRtt = failOneAmongEleven(context, output, false);
                    Figures.record("E1", "other clients' max RTT (policy keep)", maxRtt, "ms");
                });
    }

    private double failOneAmongEleven(AssertableApplicationContext context, CapturedOutput output, boolean closes)
            throws Exception {
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        int port = Runners.port(context, "boom");
        List<TestClient> others = new ArrayList<>();
        try (TestClient failing = TestClient.connect(port)) {
            for (int i = 0; i < OTHER_CLIENTS; i++) {
                others.add(TestClient.connect(port));
            }
            double maxRtt = roundTrips(others, 5);
            int logLinesBefore = failureLogLines(output).size();

            failing.sendLine("boom");
            maxRtt = Math.max(maxRtt, roundTrips(others, 20));

            if (closes) {
                assertThat(failing.isClosedByServer()).isTrue();
                await().atMost(TIMEOUT).untilAsserted(() -> assertThat(closed(registry, "error", "handler_error"))
                        .isEqualTo(1));
            }
            else {
                failing.sendLine("still here");
                assertThat(failing.readLine()).isEqualTo("still here");
                assertThat(Search.in(registry).name(UntwistedMeters.CONNECTIONS_CLOSED.getName())
                        .tag("cause", "handler_error").counters()).isEmpty();
            }
            assertThat(errors(registry)).isEqualTo(1);
            List<String> logged = failureLogLines(output).subList(logLinesBefore, failureLogLines(output).size());
            assertThat(logged).as("the failure is logged once, naming the connection").singleElement()
                    .satisfies(line -> assertThat(line).contains(":" + failing.localPort() + "]")
                            .contains("terminator.found").contains("boomServer#line"));
            Figures.record("E1", "handler errors counted", errors(registry), "errors");
            Figures.record("E1", "log lines for one failure", logged.size(), "lines");
            maxRtt = Math.max(maxRtt, roundTrips(others, 5));
            assertThat(maxRtt).as("max echo round trip of the other connections, in ms").isLessThan(1_000.0);
            return maxRtt;
        }
        finally {
            for (TestClient other : others) {
                other.close();
            }
        }
    }

    /** E2: a handler that throws on each of ~10,000 messages a second: the counter is exact, the log is not flooded. */
    @Test
    void shouldRateLimitTheLogOfAHandlerThatFailsOnEveryMessage(CapturedOutput output) {
        Runners.untwisted().withUserConfiguration(SimpleRegistry.class).withBean("boomServer", BoomServer.class)
                .withPropertyValues("untwisted.servers.boom.on-error=keep")
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    int batches = 200;
                    int perBatch = 100;
                    String batch = "boom\r\n".repeat(perBatch);
                    try (TestClient client = TestClient.connect(Runners.port(context, "boom"))) {
                        long start = System.nanoTime();
                        for (int i = 0; i < batches; i++) {
                            client.send(batch);
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                        }
                        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(errors(registry))
                                .isEqualTo(batches * perBatch));
                        double seconds = (System.nanoTime() - start) / 1e9;
                        int lines = failureLogLines(output).size();
                        Figures.record("E2", "failures", batches * perBatch, "errors");
                        Figures.record("E2", "failure log lines per second", lines / seconds, "lines/s");
                        assertThat(lines).as("log lines over %.1f s", seconds)
                                .isBetween(1, (int) Math.ceil(seconds) + 1);
                        assertThat(output.getAll()).contains("more like it not logged since the last line");
                        client.sendLine("alive");
                        assertThat(client.readLine()).isEqualTo("alive");
                    }
                });
    }

    /** E3: a handler that blocks 2 s: the watchdog reports it while it blocks, and the loop lag shows it. */
    @Test
    void shouldReportAHandlerThatBlocksTheReactor(CapturedOutput output) {
        Runners.untwisted().withUserConfiguration(SimpleRegistry.class).withBean("boomServer", BoomServer.class)
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    // Boot's registry post-processor is not part of this runner: bind the reactor meters by hand.
                    context.getBean(ReactorMetricsBinder.class).bindTo(registry);
                    try (TestClient client = TestClient.connect(Runners.port(context, "boom"))) {
                        client.sendLine("block");
                        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(registry
                                .get(UntwistedMeters.HANDLER_BLOCKED.getName()).tag("handler", "boomServer#line")
                                .counter().count()).isEqualTo(1));
                        assertThat(client.readLine()).isEqualTo("unblocked");
                    }
                    // The reply is written inside the long turn, so the client may read it before the turn is timed.
                    await().atMost(TIMEOUT).until(() -> loopLagMax(registry) >= 2_000.0);
                    Figures.record("E3", "loop lag max", loopLagMax(registry), "ms");
                    assertThat(output.getAll()).contains("has blocked reactor").contains("one turn of its loop took");
                });
    }

    private static double loopLagMax(MeterRegistry registry) {
        return Search.in(registry).name(UntwistedMeters.REACTOR_LOOP_LAG.getName()).timers().stream()
                .mapToDouble(timer -> timer.max(TimeUnit.MILLISECONDS)).max().orElse(0);
    }

    private static List<String> failureLogLines(CapturedOutput output) {
        return output.getAll().lines().filter(line -> line.contains("WARN") && line.contains(FAILURE)).toList();
    }

    /** Echo round trips on every client in turn; returns the longest in milliseconds. */
    private static double roundTrips(List<TestClient> clients, int rounds) throws Exception {
        double max = 0;
        for (int round = 0; round < rounds; round++) {
            for (TestClient client : clients) {
                long start = System.nanoTime();
                client.sendLine("ping " + round);
                assertThat(client.readLine()).isEqualTo("ping " + round);
                max = Math.max(max, (System.nanoTime() - start) / 1e6);
            }
        }
        return max;
    }

    private static double errors(MeterRegistry registry) {
        return registry.get(UntwistedMeters.HANDLER.getName()).tag("server", "boom").tag("handler", "boomServer#line")
                .tag("outcome", "error").tag("exception", "IllegalStateException").timer().count();
    }

    private static double closed(MeterRegistry registry, String reason, String cause) {
        return Search.in(registry).name(UntwistedMeters.CONNECTIONS_CLOSED.getName()).tag("server", "boom")
                .tag("reason", reason).tag("cause", cause).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @SocketServer(name = "boom", delimiter = "\r\n")
    static class BoomServer {

        @OnEvent(Terminator.FOUND)
        String line(SuperSocket client, String line) {
            if (line.equals("boom")) {
                throw new IllegalStateException(FAILURE);
            }
            if (line.equals("block")) {
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
                return "unblocked\r\n";
            }
            return line + "\r\n";
        }
    }
}
