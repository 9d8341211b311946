package io.untwisted.spring.context;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.untwisted.event.Events;
import io.untwisted.event.HandlerFailure;
import io.untwisted.net.CloseReason;
import io.untwisted.net.SuperSocket;
import io.untwisted.spring.annotation.OnEvent;
import io.untwisted.spring.annotation.SocketServer;
import io.untwisted.spring.metrics.UntwistedMeters;
import io.untwisted.spring.testsupport.Runners;
import io.untwisted.spring.testsupport.SimpleRegistry;
import io.untwisted.spring.testsupport.TestClient;
import io.untwisted.split.FrameTooLongException;
import io.untwisted.split.Terminator;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Framing, idle timeouts, connection limits and the error policy, per server, over real sockets. */
class ConnectionSetupTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void shouldDriveIdleThenCloseASilentConnection() {
        Runners.untwisted().withUserConfiguration(SimpleRegistry.class).withBean("protocol", Protocol.class)
                .withPropertyValues("untwisted.servers.protocol.idle-timeout=200ms").run(context -> {
                    try (TestClient silent = TestClient.connect(Runners.port(context, "protocol"))) {
                        assertThat(silent.readLine()).isEqualTo("idle, bye");
                        assertThat(silent.isClosedByServer()).isTrue();
                    }
                    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(closed(context, "idle")).isEqualTo(1));
                });
    }

    @Test
    void shouldKeepAConnectionWithTrafficPastItsIdleTimeout() {
        Runners.untwisted().withUserConfiguration(SimpleRegistry.class).withBean("protocol", Protocol.class)
                .withPropertyValues("untwisted.servers.protocol.idle-timeout=1s").run(context -> {
                    try (TestClient client = TestClient.connect(Runners.port(context, "protocol"))) {
                        long end = System.nanoTime() + Duration.ofMillis(1600).toNanos();
                        int sent = 0;
                        while (System.nanoTime() < end) {
                            client.sendLine("ping");
                            assertThat(client.readLine()).isEqualTo("pong");
                            sent++;
                            // Paces the traffic (a ping every 100 ms, ten times within the timeout); it
                            // synchronizes nothing.
                            await().pollDelay(Duration.ofMillis(100)).until(() -> true);
                        }
                        assertThat(sent).isGreaterThan(3);
                        assertThat(closed(context, "idle")).isZero();
                        assertThat(client.readLine()).isEqualTo("idle, bye");
                    }
                });
    }

    @Test
    void shouldRefuseConnectionsPastMaxConnections() {
        Runners.untwisted().withUserConfiguration(SimpleRegistry.class).withBean("protocol", Protocol.class)
                .withPropertyValues("untwisted.servers.protocol.max-connections=1").run(context -> {
                    int port = Runners.port(context, "protocol");
                    try (TestClient first = TestClient.connect(port)) {
                        first.sendLine("ping");
                        assertThat(first.readLine()).isEqualTo("pong");
                        try (TestClient second = TestClient.connect(port)) {
                            assertThat(second.isClosedByServer()).isTrue();
                        }
                        first.sendLine("ping");
                        assertThat(first.readLine()).isEqualTo("pong");
                    }
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get(UntwistedMeters.CONNECTIONS_REFUSED.getName()).tag("server", "protocol")
                            .counter().count()).isEqualTo(1);
                    assertThat(registry.get(UntwistedMeters.CONNECTIONS_OPENED.getName()).tag("server", "protocol")
                            .counter().count()).isEqualTo(1);
                });
    }

    @Test
    void shouldReportFailureToErrorHandlersCountItAndCloseOnlyThatConnection() {
        Runners.untwisted().withUserConfiguration(SimpleRegistry.class).withBean("protocol", Protocol.class)
                .run(context -> {
                    int port = Runners.port(context, "protocol");
                    try (TestClient failing = TestClient.connect(port); TestClient other = TestClient.connect(port)) {
                        failing.sendLine("boom");
                        assertThat(failing.readLine()).isEqualTo("error: IllegalStateException on terminator.found");
                        assertThat(failing.isClosedByServer()).isTrue();
                        other.sendLine("ping");
                        assertThat(other.readLine()).isEqualTo("pong");
                    }
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get(UntwistedMeters.HANDLER.getName()).tag("handler", "protocol#line")
                            .tag("outcome", "error").tag("exception", "IllegalStateException").timer().count())
                            .isEqualTo(1);
                    assertThat(registry.get(UntwistedMeters.EVENTS.getName()).tag("server", "protocol")
                            .tag("event", Events.ERROR).counter().count()).isEqualTo(1);
                    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(closed(context, "error")).isEqualTo(1));
                });
    }

    @Test
    void shouldKeepConnectionAfterFailureWhenConfigured() {
        Runners.untwisted().withBean("protocol", Protocol.class)
                .withPropertyValues("untwisted.servers.protocol.on-error=keep").run(context -> {
                    try (TestClient client = TestClient.connect(Runners.port(context, "protocol"))) {
                        client.sendLine("boom");
                        assertThat(client.readLine()).isEqualTo("error: IllegalStateException on terminator.found");
                        client.sendLine("ping");
                        assertThat(client.readLine()).isEqualTo("pong");
                    }
                });
    }

    @Test
    void shouldCloseConnectionWhoseAcceptHandlerFails() {
        Runners.untwisted().withUserConfiguration(SimpleRegistry.class).withBean("picky", Picky.class).run(context -> {
            try (TestClient client = TestClient.connect(Runners.port(context, "picky"))) {
                assertThat(client.readLine()).isEqualTo("error on accept");
                assertThat(client.isClosedByServer()).isTrue();
            }
        });
    }

    @Test
    void shouldRejectFramesLongerThanTheMaximum() {
        Runners.untwisted().withUserConfiguration(SimpleRegistry.class).withBean("protocol", Protocol.class)
                .withPropertyValues("untwisted.servers.protocol.max-frame-length=16B").run(context -> {
                    try (TestClient client = TestClient.connect(Runners.port(context, "protocol"))) {
                        client.sendLine("this line is longer than sixteen bytes");
                        // The splitter resets the connection after OVERFLOW, dropping anything queued.
                        assertThat(client.isClosedByServer()).isTrue();
                    }
                    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(closed(context, "error")).isEqualTo(1));
                    assertThat(context.getBean(MeterRegistry.class).get(UntwistedMeters.FRAMES_REJECTED.getName())
                            .tag("server", "protocol").tag("reason", "too_long").counter().count()).isEqualTo(1);
                    assertThat(context.getBean(Protocol.class).overflows).hasValue(1);
                });
    }

    private static double closed(ApplicationContext context, String reason) {
        return context.getBean(MeterRegistry.class).get(UntwistedMeters.CONNECTIONS_CLOSED.getName())
                .tag("server", "protocol").tag("reason", reason).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    @SocketServer(name = "protocol", delimiter = "\r\n")
    static class Protocol {

        @OnEvent(Terminator.FOUND)
        String line(String line) {
            if (line.equals("boom")) {
                throw new IllegalStateException("boom");
            }
            return "pong\r\n";
        }

        @OnEvent(Events.ERROR)
        String error(HandlerFailure failure, Exception cause) {
            return "error: " + cause.getClass().getSimpleName() + " on " + failure.event() + "\r\n";
        }

        @OnEvent(Events.IDLE)
        String idle() {
            return "idle, bye\r\n";
        }

        final java.util.concurrent.atomic.AtomicInteger overflows = new java.util.concurrent.atomic.AtomicInteger();

        @OnEvent(Events.OVERFLOW)
        void overflow(FrameTooLongException cause) {
            assertThat(cause.maxFrameLength()).isEqualTo(16);
            this.overflows.incrementAndGet();
        }

        @OnEvent(Events.CLOSE)
        void close(CloseReason reason) {
            assertThat(reason).isNotNull();
        }
    }

    @SocketServer(name = "picky")
    static class Picky {

        @OnEvent(Events.ACCEPT)
        void accept(SuperSocket client) {
            throw new IllegalStateException("not today");
        }

        @OnEvent(Events.ERROR)
        String error(HandlerFailure failure) {
            return "error on " + failure.event() + "\r\n";
        }
    }
}
