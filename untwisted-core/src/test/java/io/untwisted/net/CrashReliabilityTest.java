package io.untwisted.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

import io.untwisted.testsupport.Figures;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Row G5: the server process is killed ({@code kill -9}) while it streams to a client. The client
 * sees end of stream or a reset at once, and a new server binds the same port at once although
 * the old connection's port is still in TIME_WAIT (SO_REUSEADDR). Nothing more is promised: bytes
 * the dead process had queued are gone.
 */
@Tag("reliability")
@Timeout(60)
class CrashReliabilityTest {

    @Test
    void shouldEndTheStreamAtOnceAndLetARestartedServerBindTheSamePort() throws Exception {
        int port;
        long endedAfter;
        try (ServerProcess first = ServerProcess.start("stream", "0")) {
            port = Integer.parseInt(first.await("PORT")[1]);
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                client.setSoTimeout(10_000);
                InputStream in = client.getInputStream();
                assertThat(in.readNBytes(1024 * 1024)).as("mid-stream").hasSize(1024 * 1024);
                long killed = System.nanoTime();
                first.kill();
                readUntilEnd(in);
                endedAfter = System.nanoTime() - killed;
            }
        }
        try (ServerProcess second = ServerProcess.start("stream", Integer.toString(port))) {
            String[] listening = second.await("PORT");
            double bindMillis = Long.parseLong(listening[3]) / 1000.0;
            Figures.record("G5", "time to EOF/RST after kill -9", endedAfter / 1e6, "ms");
            Figures.record("G5", "rebind time of the restarted server", bindMillis, "ms");
            assertThat(Integer.parseInt(listening[1])).isEqualTo(port);
            assertThat(Integer.parseInt(listening[5])).as("bound at the first attempt").isEqualTo(1);
            // The matrix's budget is 1 s, and includes the kill: 3 s still catches a client left hanging.
            assertThat(endedAfter / 1e6).isLessThan(3000);
            try (Socket again = new Socket()) {
                again.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                again.setSoTimeout(10_000);
                assertThat(again.getInputStream().readNBytes(1024)).hasSize(1024);
            }
        }
    }

    private static void readUntilEnd(InputStream in) {
        byte[] buffer = new byte[64 * 1024];
        try {
            while (in.read(buffer) >= 0) {
                // What the kernel had already received still arrives; then end of stream.
            }
        }
        catch (IOException ex) {
            // A reset ends the stream just as well.
        }
    }
}
