package io.untwisted.spring.context;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;

import io.micrometer.core.instrument.MeterRegistry;
import io.untwisted.spring.annotation.OnEvent;
import io.untwisted.spring.annotation.SocketServer;
import io.untwisted.spring.metrics.UntwistedMeters;
import io.untwisted.spring.testsupport.Runners;
import io.untwisted.spring.testsupport.SimpleRegistry;
import io.untwisted.spring.testsupport.TestClient;
import io.untwisted.split.Terminator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Row F1 of the reliability matrix through the starter: a peer streaming megabytes without a
 * delimiter at the default 64 KiB maximum is closed, {@code untwisted.frames.rejected{reason=too_long}}
 * moves by exactly one, and another connection keeps its answers.
 */
@Timeout(60)
class FrameFloodTests {

    private static final int FLOOD_BYTES = 10 * 1024 * 1024;

    @Test
    void shouldCloseAPeerStreamingWithoutADelimiterAndCountOneRejectedFrame() {
        Runners.untwisted().withUserConfiguration(SimpleRegistry.class).withBean("lines", Lines.class).run(context -> {
            int port = Runners.port(context, "lines");
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            try (TestClient other = TestClient.connect(port)) {
                other.sendLine("before");
                assertThat(other.readLine()).isEqualTo("before");

                long sent = flood(port);

                assertThat(sent).as("bytes written before the server closed").isLessThan(FLOOD_BYTES);
                other.sendLine("after");
                assertThat(other.readLine()).isEqualTo("after");
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(registry
                    .get(UntwistedMeters.CONNECTIONS_CLOSED.getName()).tag("server", "lines").tag("reason", "error")
                    .tag("cause", "frame_too_long").counter().count()).isEqualTo(1));
            assertThat(registry.get(UntwistedMeters.FRAMES_REJECTED.getName()).tag("server", "lines")
                    .tag("reason", "too_long").counter().count()).isEqualTo(1);
            assertThat(registry.get(UntwistedMeters.FRAMES_REJECTED.getName()).tag("server", "lines")
                    .tag("reason", "malformed").counter().count()).isZero();
        });
    }

    /** Writes up to 10 MiB of 'x' in 16 KiB writes until the server closes; returns the bytes written. */
    private static long flood(int port) throws IOException {
        try (Socket peer = new Socket()) {
            peer.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            peer.setSoTimeout(10_000);
            byte[] chunk = new byte[16 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            OutputStream out = peer.getOutputStream();
            long sent = 0;
            try {
                while (sent < FLOOD_BYTES) {
                    out.write(chunk);
                    sent += chunk.length;
                }
            }
            catch (IOException closedUnderTheWrites) {
                // The server closed the connection: what the test is waiting for.
            }
            assertThat(readsToTheEnd(peer.getInputStream())).isTrue();
            return sent;
        }
    }

    /** The server sends the flooding peer nothing: its first read is the end of the stream, or a reset. */
    private static boolean readsToTheEnd(InputStream in) throws IOException {
        try {
            return in.read() < 0;
        }
        catch (SocketException reset) {
            return true;
        }
    }

    @SocketServer(name = "lines", delimiter = "\r\n")
    static class Lines {

        @OnEvent(Terminator.FOUND)
        String line(String line) {
            return line + "\r\n";
        }
    }
}
