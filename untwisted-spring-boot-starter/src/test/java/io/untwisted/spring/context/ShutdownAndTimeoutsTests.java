package io.untwisted.spring.context;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.untwisted.event.Events;
import io.untwisted.net.CloseReason;
import io.untwisted.net.SuperSocket;
import io.untwisted.spring.annotation.OnEvent;
import io.untwisted.spring.annotation.SocketServer;
import io.untwisted.spring.metrics.UntwistedMeters;
import io.untwisted.spring.testsupport.Runners;
import io.untwisted.spring.testsupport.SimpleRegistry;
import io.untwisted.split.Terminator;
import io.untwisted.testsupport.Figures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The starter's timeouts and its bounded graceful shutdown (rows G3 and the starter side of T1, T4). */
@Timeout(60)
class ShutdownAndTimeoutsTests {

    @Test
    void shouldHonourTheShutdownPhaseTimeoutWithAStuckClientAndCallNoHandlerOnceDestroyed() throws Exception {
        List<String> late = new CopyOnWriteArrayList<>();
        Runners.untwisted().withUserConfiguration(SimpleRegistry.class)
                .withBean("flood", FloodServer.class, () -> new FloodServer(late))
                .withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=2s").run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(context.getBean(ReactorGroupLifecycle.class).getPhase())
                            .isEqualTo(SmartLifecycle.DEFAULT_PHASE - 1024);
                    try (Socket stuck = new Socket()) {
                        stuck.setReceiveBufferSize(4096);
                        stuck.connect(new InetSocketAddress("127.0.0.1", Runners.port(context, "flood")), 10_000);
                        stuck.getOutputStream().write("flood\r\n".getBytes());
                        await().atMost(Duration.ofSeconds(10)).until(() -> stuck.getInputStream().available() > 0);
                        long start = System.nanoTime();
                        context.close();
                        double millis = (System.nanoTime() - start) / 1e6;
                        Figures.record("G3", "context close time with a stuck client (phase timeout 2 s)", millis, "ms");
                        assertThat(millis).isGreaterThan(1000).isLessThan(2500);
                    }
                    assertThat(registry.get(UntwistedMeters.SHUTDOWN_ABORTED.getName()).tag("server", "flood")
                            .counter().count()).isEqualTo(1);
                    assertThat(late).isEmpty();
                });
    }

    @Test
    void shouldCloseASlowFirstFrameWithItsOwnReasonAndKeepAFramedClient() throws Exception {
        Runners.untwisted().withUserConfiguration(SimpleRegistry.class)
                .withBean("flood", FloodServer.class, () -> new FloodServer(new CopyOnWriteArrayList<>()))
                .withPropertyValues("untwisted.servers.flood.first-frame-timeout=500ms").run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    int port = Runners.port(context, "flood");
                    try (Socket slow = connect(port); Socket framed = connect(port)) {
                        slow.getOutputStream().write("no end".getBytes());
                        framed.getOutputStream().write("hello\r\n".getBytes());
                        assertThat(slow.getInputStream().read()).isEqualTo(-1);
                        await().atMost(Duration.ofSeconds(5)).until(() -> registry.get(
                                UntwistedMeters.CONNECTIONS_CLOSED.getName()).tag("server", "flood")
                                .tag("reason", CloseReason.FIRST_FRAME_TIMEOUT.tagValue()).counter().count() == 1);
                        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3)).until(() -> registry
                                .get(UntwistedMeters.CONNECTIONS_ACTIVE.getName()).tag("server", "flood")
                                .gauge().value() == 1);
                    }
                });
    }

    @Test
    void shouldDriveIdleThenCloseASilentConnection() throws Exception {
        List<String> late = new CopyOnWriteArrayList<>();
        Runners.untwisted().withUserConfiguration(SimpleRegistry.class)
                .withBean("flood", FloodServer.class, () -> new FloodServer(late))
                .withPropertyValues("untwisted.servers.flood.idle-timeout=1s").run(context -> {
                    try (Socket silent = connect(Runners.port(context, "flood"))) {
                        long start = System.nanoTime();
                        byte[] goodbye = silent.getInputStream().readAllBytes();
                        double millis = (System.nanoTime() - start) / 1e6;
                        Figures.record("T1", "starter idle close time (timeout 1000 ms)", millis, "ms");
                        assertThat(new String(goodbye)).isEqualTo("idle\r\n");
                        assertThat(millis).isGreaterThanOrEqualTo(950).isLessThan(3000);
                    }
                });
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    @SocketServer(name = "flood", delimiter = "\r\n")
    static class FloodServer implements DisposableBean {
        private final byte[] megabyte = new byte[1024 * 1024];
        private final List<String> late;
        private volatile boolean destroyed;

        FloodServer(List<String> late) {
            this.late = late;
        }

        @OnEvent(Terminator.FOUND)
        void line(SuperSocket client, String line) {
            if (line.equals("flood")) {
                for (int i = 0; i < 8; i++) {
                    client.dump(this.megabyte);
                }
            }
        }

        @OnEvent(Events.IDLE)
        String idle() {
            return "idle\r\n";
        }

        @OnEvent(Events.CLOSE)
        void close(SuperSocket client) {
            if (this.destroyed) {
                this.late.add("CLOSE after destroy");
            }
        }

        @Override
        public void destroy() {
            this.destroyed = true;
        }
    }
}
