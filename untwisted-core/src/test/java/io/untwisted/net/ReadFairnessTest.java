package io.untwisted.net;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.untwisted.reactor.Reactor;
import io.untwisted.testsupport.Figures;
import io.untwisted.testsupport.RoundTrips;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * B5: one client floods 200 MiB as fast as it can while 10 light clients echo 8-byte messages, all
 * on one server reactor. A readiness reads a socket at most {@link SuperSocket#MAX_READS_PER_TURN}
 * times (64 KiB each), so the flood cannot starve the light clients.
 */
@Tag("reliability")
@Timeout(120)
class ReadFairnessTest {

    private static final long FLOOD_BYTES = 200L * 1024 * 1024;
    private static final int LIGHT_CLIENTS = 10;

    private Reactor reactor;
    private ExecutorService clients;

    @AfterEach
    void stop() throws InterruptedException {
        if (this.clients != null) {
            this.clients.shutdownNow();
            assertThat(this.clients.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        }
        if (this.reactor != null) {
            this.reactor.close();
        }
    }

    @Test
    void shouldKeepLightClientsFastWhileOneClientFloods() throws Exception {
        this.reactor = new Reactor("b5-server");
        this.reactor.start();
        ReadsPerTurn reads = new ReadsPerTurn();
        AtomicLong floodReceived = new AtomicLong();
        SuperServer server = SuperServer.bind(this.reactor, new InetSocketAddress("127.0.0.1", 0)).observer(reads);
        server.onAccept((s, client) -> client.onLoad((socket, data) -> {
            if (data.get(0) == 'L') {
                socket.dump(data);
            }
            else {
                floodReceived.addAndGet(data.remaining());
            }
        }));
        server.start();

        this.clients = Executors.newFixedThreadPool(LIGHT_CLIENTS + 1);
        AtomicBoolean flooding = new AtomicBoolean(true);
        List<Future<long[]>> light = new ArrayList<>();
        for (int i = 0; i < LIGHT_CLIENTS; i++) {
            light.add(this.clients.submit(() -> echoWhile(server.port(), flooding)));
        }
        try (Socket flood = connect(server.port())) {
            reads.flood = flood.getLocalPort();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.activeConnections() == LIGHT_CLIENTS + 1);
            long start = System.nanoTime();
            Future<?> writer = this.clients.submit(() -> flood(flood));
            writer.get(90, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> floodReceived.get() == FLOOD_BYTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            flooding.set(false);
            long[] rtts = light.stream().flatMapToLong(f -> Arrays.stream(join(f))).sorted().toArray();
            assertThat(rtts).hasSizeGreaterThan(100);
            double p50 = RoundTrips.percentile(rtts, 50) / 1e6;
            double p99 = RoundTrips.percentile(rtts, 99) / 1e6;
            double max = rtts[rtts.length - 1] / 1e6;
            CompletableFuture<Integer> maxReads = new CompletableFuture<>();
            this.reactor.execute(() -> maxReads.complete(reads.max));
            int readsPerTurn = maxReads.get(10, TimeUnit.SECONDS);
            Figures.record("B5", "flood throughput", FLOOD_BYTES / (1024.0 * 1024) / seconds, "MiB/s");
            Figures.record("B5", "light echo p50", p50, "ms");
            Figures.record("B5", "light echo p99", p99, "ms");
            Figures.record("B5", "light echo max", max, "ms");
            Figures.record("B5", "light echo samples", rtts.length, "round trips");
            Figures.record("B5", "most reads of one socket per loop turn", readsPerTurn, "reads");
            assertThat(readsPerTurn).isBetween(1, SuperSocket.MAX_READS_PER_TURN);
            assertThat(p99).as("light p99 ms").isLessThan(50.0);
        }
    }

    private static long[] join(Future<long[]> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        }
        catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }

    private static Void flood(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        byte[] chunk = new byte[64 * 1024];
        for (long sent = 0; sent < FLOOD_BYTES; sent += chunk.length) {
            out.write(chunk);
        }
        out.flush();
        return null;
    }

    /** Echoes 8 bytes at a time while {@code running}; returns every round trip in nanoseconds. */
    private static long[] echoWhile(int port, AtomicBoolean running) throws IOException {
        try (Socket socket = connect(port)) {
            return RoundTrips.collect(socket, "L1234567".getBytes(StandardCharsets.US_ASCII), running::get, 0);
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(20_000);
        return socket;
    }

    /**
     * Counts the reads of the flooding socket between two flush phases of the reactor, that is,
     * within one pass over the ready keys. Reactor thread only, but {@link #flood} is set once first.
     */
    private static final class ReadsPerTurn implements NetObserver {
        volatile int flood = -1;
        int max;
        private int thisTurn;
        private final Runnable endOfTurn = () -> {
            this.max = Math.max(this.max, this.thisTurn);
            this.thisTurn = 0;
        };

        @Override
        public void received(SuperSocket socket, int bytes) {
            if (!(socket.remoteAddress() instanceof InetSocketAddress peer) || peer.getPort() != this.flood) {
                return;
            }
            if (this.thisTurn++ == 0) {
                socket.reactor().deferFlush(this.endOfTurn);
            }
        }
    }
}
