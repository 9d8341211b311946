package io.untwisted.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.untwisted.testsupport.Figures;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * B7 and B8: a server run as a subprocess under {@code prlimit --nofile}, so that only it is short
 * of file descriptors, not the test JVM.
 */
@Tag("reliability")
@EnabledOnOs(OS.LINUX)
@Timeout(120)
class FdLimitTest {

    private static final String ACCEPT_FAILED = "accept failed";

    /**
     * B7: with 8 descriptors free, 150 clients exhaust them. The server must not spin (CPU over
     * 5 s), log accept failures at most once a second, keep its listening socket, and serve a new
     * client within 2 s once the others close.
     */
    @Test
    void shouldBackOffWithoutSpinningWhenOutOfFileDescriptorsAndRecover() throws Exception {
        assumeTrue(ServerProcess.prlimitAvailable(), "prlimit is not installed");
        List<Socket> clients = new ArrayList<>();
        try (ServerProcess server = ServerProcess.start(64, FdLimitedEchoServer.class, "0", "8")) {
            int port = Integer.parseInt(server.awaitValue("PORT"));
            try {
                for (int i = 0; i < 150; i++) {
                    clients.add(connect(port));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> server.count(ACCEPT_FAILED) > 0);

                long ticksBefore = server.cpuTicks();
                long linesBefore = server.count(ACCEPT_FAILED);
                long start = System.nanoTime();
                await().atMost(Duration.ofSeconds(8)).during(Duration.ofSeconds(5)).until(server::isAlive);
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuPercent = 100.0 * (server.cpuTicks() - ticksBefore) / ServerProcess.TICKS_PER_SECOND / seconds;
                long lines = server.count(ACCEPT_FAILED) - linesBefore;
                Figures.record("B7", "server CPU while out of fds", cpuPercent, "% of a core");
                Figures.record("B7", "accept-error log lines", lines / seconds, "lines/s");
                assertThat(cpuPercent).as("CPU %% of one core over %.1f s", seconds).isLessThan(25.0);
                assertThat(lines).as("accept-failure lines in %.1f s", seconds).isLessThanOrEqualTo((long) seconds + 1);
            }
            finally {
                for (Socket client : clients) {
                    client.close();
                }
            }
            long closed = System.nanoTime();
            try (Socket probe = connect(port)) {
                probe.setSoTimeout(10_000);
                probe.getOutputStream().write('p');
                assertThat(probe.getInputStream().read()).isEqualTo('p');
            }
            long recoveryMillis = (System.nanoTime() - closed) / 1_000_000;
            Figures.record("B7", "recovery time", recoveryMillis, "ms");
            assertThat(recoveryMillis).isLessThan(2_000);
            assertThat(server.isAlive()).isTrue();
        }
    }

    /** B8: max connections 10,000 under an fd limit of 256 is lowered to 256 - 32, with a WARN line. */
    @Test
    void shouldClampMaxConnectionsToTheFdLimitAndLogIt() throws Exception {
        assumeTrue(ServerProcess.prlimitAvailable(), "prlimit is not installed");
        try (ServerProcess server = ServerProcess.start(256, FdLimitedEchoServer.class, "10000")) {
            assertThat(Integer.parseInt(server.awaitValue("MAX"))).isEqualTo(224);
            String logged = server.lines().stream().filter(l -> l.contains("max connections")).findFirst().orElseThrow();
            assertThat(logged).contains("WARN").contains("max connections 224").contains("configured 10000")
                    .contains("limit 256");
            assertThat(server.count("max connections")).isEqualTo(1);
            Figures.record("B8", "effective max connections (nofile 256, configured 10000)", 224, "connections");
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return socket;
    }
}
