package io.untwisted.spring.metrics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import io.untwisted.net.SuperSocket;
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
 * Row G4 of the reliability matrix: each meter the fault rows exercise moves by exactly the
 * expected amount, and no other meter of the set moves with it.
 */
@Timeout(120)
class ReliabilityMetersTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void shouldMoveEachMeterByTheExactDeltaOfEachFault() {
        Runners.untwisted().withUserConfiguration(SimpleRegistry.class).withBean("meterServer", MeterServer.class)
                .withPropertyValues("untwisted.servers.meters.max-connections=2",
                        "untwisted.servers.meters.max-frame-length=64B")
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    context.getBean(ReactorMetricsBinder.class).bindTo(registry);
                    int port = Runners.port(context, "meters");
                    Map<String, Double> start = snapshot(registry);
                    double lagCountBefore = loopLagCount(registry);

                    try (TestClient first = TestClient.connect(port); TestClient second = TestClient.connect(port)) {
                        first.sendLine("hello");
                        assertThat(first.readLine()).isEqualTo("hello");
                        second.sendLine("hello");
                        assertThat(second.readLine()).isEqualTo("hello");
                        expect(registry, start, Map.of("active", 2.0, "opened", 2.0));

                        try (TestClient third = TestClient.connect(port)) {
                            assertThat(third.isClosedByServer()).isTrue();
                        }
                        expect(registry, start, Map.of("active", 2.0, "opened", 2.0, "refused", 1.0));

                        first.send("x".repeat(200));
                        assertThat(first.isClosedByServer()).isTrue();
                        expect(registry, start, Map.of("active", 1.0, "opened", 2.0, "refused", 1.0,
                                "rejected{too_long}", 1.0, "closed{error,frame_too_long}", 1.0));

                        second.sendLine("boom");
                        assertThat(second.isClosedByServer()).isTrue();
                        expect(registry, start, Map.of("opened", 2.0, "refused", 1.0, "rejected{too_long}", 1.0,
                                "closed{error,frame_too_long}", 1.0, "handler{error}", 1.0,
                                "closed{error,handler_error}", 1.0));
                    }
                    try (TestClient fourth = TestClient.connect(port)) {
                        fourth.sendLine("bye");
                        assertThat(fourth.readLine()).isEqualTo("bye");
                    }
                    expect(registry, start, Map.of("opened", 3.0, "refused", 1.0, "rejected{too_long}", 1.0,
                            "closed{error,frame_too_long}", 1.0, "handler{error}", 1.0,
                            "closed{error,handler_error}", 1.0, "closed{peer,none}", 1.0));
                    assertThat(loopLagCount(registry)).as("turns timed in untwisted.reactor.loop.lag")
                            .isGreaterThan(lagCountBefore);
                });
    }

    /** Waits until every meter of the set differs from {@code start} by exactly {@code deltas} (0 if absent). */
    private static void expect(MeterRegistry registry, Map<String, Double> start, Map<String, Double> deltas) {
        await().atMost(TIMEOUT).untilAsserted(() -> {
            Map<String, Double> now = snapshot(registry);
            Map<String, Double> moved = new LinkedHashMap<>();
            for (Map.Entry<String, Double> meter : now.entrySet()) {
                double delta = meter.getValue() - start.getOrDefault(meter.getKey(), 0.0);
                if (delta != 0) {
                    moved.put(meter.getKey(), delta);
                }
            }
            assertThat(moved).containsExactlyInAnyOrderEntriesOf(deltas);
        });
    }

    private static Map<String, Double> snapshot(MeterRegistry registry) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("active", registry.get(UntwistedMeters.CONNECTIONS_ACTIVE.getName()).tag("server", "meters")
                .gauge().value());
        values.put("opened", counters(registry, UntwistedMeters.CONNECTIONS_OPENED, null, null));
        values.put("refused", counters(registry, UntwistedMeters.CONNECTIONS_REFUSED, null, null));
        values.put("rejected{too_long}", counters(registry, UntwistedMeters.FRAMES_REJECTED, "reason", "too_long"));
        values.put("rejected{malformed}", counters(registry, UntwistedMeters.FRAMES_REJECTED, "reason", "malformed"));
        values.put("handler{error}", Search.in(registry).name(UntwistedMeters.HANDLER.getName()).tag("server", "meters")
                .tag("outcome", "error").timers().stream().mapToDouble(Timer::count).sum());
        for (Counter closed : Search.in(registry).name(UntwistedMeters.CONNECTIONS_CLOSED.getName())
                .tag("server", "meters").counters()) {
            values.put("closed{" + closed.getId().getTag("reason") + "," + closed.getId().getTag("cause") + "}",
                    closed.count());
        }
        return values;
    }

    private static double counters(MeterRegistry registry, UntwistedMeters meter, String tag, String value) {
        Search search = Search.in(registry).name(meter.getName()).tag("server", "meters");
        if (tag != null) {
            search = search.tag(tag, value);
        }
        return search.counters().stream().mapToDouble(Counter::count).sum();
    }

    private static double loopLagCount(MeterRegistry registry) {
        return Search.in(registry).name(UntwistedMeters.REACTOR_LOOP_LAG.getName()).timers().stream()
                .mapToDouble(Timer::count).sum();
    }

    @SocketServer(name = "meters", delimiter = "\r\n")
    static class MeterServer {

        @OnEvent(Terminator.FOUND)
        String line(SuperSocket client, String line) {
            if (line.equals("boom")) {
                throw new IllegalStateException("handler refuses boom");
            }
            return line + "\r\n";
        }
    }
}
