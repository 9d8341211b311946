package io.untwisted.spring.context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.untwisted.event.Events;
import io.untwisted.net.SuperSocket;
import io.untwisted.reactor.ReactorGroup;
import io.untwisted.reactor.ReactorState;
import io.untwisted.spring.annotation.OnEvent;
import io.untwisted.spring.annotation.SocketServer;
import io.untwisted.spring.metrics.UntwistedMeters;
import io.untwisted.spring.testsupport.Runners;
import io.untwisted.spring.testsupport.SimpleRegistry;
import io.untwisted.spring.testsupport.TestClient;
import io.untwisted.split.Terminator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Graceful shutdown over real sockets: goodbye, drain, close, then the reactors stop. */
class ReactorGroupLifecycleTests {

    private static final int FILE_SIZE = 16 * 1024 * 1024;

    @TempDir
    Path directory;

    @Test
    void shouldDeliverEveryQueuedByteAndTheGoodbyeBeforeClosingOnShutdown() throws Exception {
        Path file = randomFile();
        Runners.untwisted().withUserConfiguration(SimpleRegistry.class)
                .withBean("files", FileServer.class, file)
                .withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=30s").run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    ReactorGroup group = context.getBean(ReactorGroup.class);
                    ByteArrayOutputStream received = new ByteArrayOutputStream();
                    CompletableFuture<Void> closing;
                    try (TestClient client = TestClient.connect(Runners.port(context, "files"), 64 * 1024)) {
                        client.sendLine("get");
                        received.write(client.readBytes(1));
                        closing = CompletableFuture.runAsync(context::close);
                        received.write(client.readToEnd());
                    }
                    closing.get(30, TimeUnit.SECONDS);
                    byte[] expected = expected(file, "bye\r\n");
                    assertThat(received.size()).isEqualTo(expected.length);
                    assertThat(received.toByteArray()).isEqualTo(expected);
                    assertThat(registry.get(UntwistedMeters.CONNECTIONS_CLOSED.getName()).tag("server", "files")
                            .tag("reason", "shutdown").counters().stream().mapToDouble(Counter::count).sum())
                            .as("shutdown closes, whatever their cause").isEqualTo(1);
                    assertThat(registry.get(UntwistedMeters.EVENTS.getName()).tag("server", "files")
                            .tag("event", Events.SHUTDOWN).counter().count()).isEqualTo(1);
                    assertThat(group.reactors()).allSatisfy(
                            reactor -> assertThat(reactor.state()).isEqualTo(ReactorState.TERMINATED));
                });
    }

    @Test
    void shouldCloseConnectionsThatDoNotDrainWithinTheShutdownTimeout() throws Exception {
        Path file = randomFile();
        Runners.untwisted().withUserConfiguration(SimpleRegistry.class)
                .withBean("files", FileServer.class, file)
                .withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=1s").run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    try (TestClient stalled = TestClient.connect(Runners.port(context, "files"), 64 * 1024)) {
                        stalled.sendLine("get");
                        assertThat(stalled.readBytes(1)).hasSize(1);
                        long start = System.nanoTime();
                        context.close();
                        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
                    }
                    assertThat(registry.get(UntwistedMeters.CONNECTIONS_CLOSED.getName()).tag("server", "files")
                            .tag("reason", "shutdown").counters().stream().mapToDouble(Counter::count).sum())
                            .as("shutdown closes, whatever their cause").isEqualTo(1);
                    assertThat(registry.get(UntwistedMeters.CONNECTIONS_ACTIVE.getName()).tag("server", "files")
                            .gauge().value()).isZero();
                });
    }

    @Test
    void shouldStopAcceptingOnShutdown() {
        Runners.untwisted().withBean("files", FileServer.class, Path.of("unused")).run(context -> {
            int port = Runners.port(context, "files");
            UntwistedServer server = context.getBean(UntwistedServerRegistry.class).server("files");
            context.close();
            assertThat(server.isBound()).isFalse();
            assertThat(server.localAddress()).isNull();
            try (java.net.Socket socket = new java.net.Socket()) {
                org.assertj.core.api.Assertions.assertThatIOException()
                        .isThrownBy(() -> socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000));
            }
        });
    }

    private Path randomFile() throws IOException {
        byte[] bytes = new byte[FILE_SIZE];
        new Random(7).nextBytes(bytes);
        return Files.write(this.directory.resolve("payload.bin"), bytes);
    }

    private static byte[] expected(Path file, String goodbye) throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(Files.readAllBytes(file));
        expected.write(goodbye.getBytes(StandardCharsets.US_ASCII));
        return expected.toByteArray();
    }

    @SocketServer(name = "files", delimiter = "\r\n")
    static class FileServer {
        private final Path file;

        FileServer(Path file) {
            this.file = file;
        }

        @OnEvent(Terminator.FOUND)
        void line(SuperSocket client, String line) throws IOException {
            if (line.equals("get")) {
                client.dumpFile(this.file);
            }
        }

        @OnEvent(Events.SHUTDOWN)
        String shutdown() {
            return "bye\r\n";
        }
    }
}
