package io.untwisted.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.untwisted.net.SuperServer;
import io.untwisted.net.SuperSocket;
import io.untwisted.net.WriteWatermarks;
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
 * B1: 1,000 slow readers, each asking for a 128 KiB reply and then reading 1 KiB/s, and one fast
 * echo client, all served by one reactor with a write queue of high 64 KiB and hard cap 4 MiB.
 * The fast client must stay fast, no slow reader may get more than the cap queued, and memory must
 * stay bounded. The matrix runs it for 30 s; this test measures for 12 s to keep CI short.
 */
@Tag("reliability")
@Timeout(180)
class SlowReadersTest {

    private static final int SLOW_CLIENTS = 1_000;
    private static final int REPLY = 128 * 1024;
    private static final int HIGH = 64 * 1024;
    private static final long LIMIT = 4L * 1024 * 1024;
    private static final Duration MEASURED = Duration.ofSeconds(12);
    private static final Duration LAG_PROBE = Duration.ofMillis(10);

    private final List<SocketChannel> slow = new ArrayList<>();
    private Reactor reactor;
    private ExecutorService clients;

    @AfterEach
    void stop() throws Exception {
        if (this.clients != null) {
            this.clients.shutdownNow();
            assertThat(this.clients.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        }
        for (SocketChannel channel : this.slow) {
            channel.close();
        }
        if (this.reactor != null) {
            this.reactor.close();
        }
    }

    @Test
    void shouldKeepTheFastClientFastAndMemoryBoundedWithAThousandSlowReaders() throws Exception {
        this.reactor = new Reactor("b1-server");
        this.reactor.start();
        AtomicInteger repliesQueued = new AtomicInteger();
        ByteBuffer reply = ByteBuffer.allocate(REPLY);
        SuperServer server = SuperServer.bind(this.reactor, new InetSocketAddress("127.0.0.1", 0))
                .watermarks(new WriteWatermarks(32 * 1024, HIGH, LIMIT));
        server.onAccept((s, client) -> {
            keepKernelBufferSmall(client);
            client.onLoad((socket, data) -> {
                if (data.get(0) == 'B') {
                    socket.dump(reply.duplicate());
                    repliesQueued.incrementAndGet();
                }
                else {
                    socket.dump(data);
                }
            });
        });
        server.start();
        LoopLag lag = new LoopLag(this.reactor);

        for (int i = 0; i < SLOW_CLIENTS; i++) {
            SocketChannel channel = SocketChannel.open();
            this.slow.add(channel);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            channel.connect(new InetSocketAddress("127.0.0.1", server.port()));
            channel.write(ByteBuffer.wrap(new byte[] {'B'}));
            channel.configureBlocking(false);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> repliesQueued.get() == SLOW_CLIENTS);

        this.clients = Executors.newFixedThreadPool(2);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong slowBytesRead = new AtomicLong();
        Future<Integer> slowReader = this.clients.submit(() -> readSlowly(running, slowBytesRead));
        Future<long[]> fast = this.clients.submit(() -> echo(server.port(), running));
        lag.reset();

        Peaks peaks = new Peaks();
        await().atMost(MEASURED.plusSeconds(10)).during(MEASURED).pollInterval(Duration.ofMillis(100))
                .until(() -> peaks.sample(server) && !fast.isDone() && !slowReader.isDone());
        running.set(false);
        long[] rtts = fast.get(30, TimeUnit.SECONDS);
        int slowClosed = slowReader.get(30, TimeUnit.SECONDS);
        long lagMaxNanos = lag.max();
        lag.cancel();
        long heapAfterGc = heapAfterGc();

        Arrays.sort(rtts);
        double p50 = RoundTrips.percentile(rtts, 50) / 1e6;
        double p99 = RoundTrips.percentile(rtts, 99) / 1e6;
        double max = rtts[rtts.length - 1] / 1e6;
        Figures.record("B1", "fast echo p50", p50, "ms");
        Figures.record("B1", "fast echo p99", p99, "ms");
        Figures.record("B1", "fast echo max", max, "ms");
        Figures.record("B1", "fast echo samples", rtts.length, "round trips");
        Figures.record("B1", "measured for", MEASURED.toSeconds(), "s");
        Figures.record("B1", "peak heap used", peaks.heap / (1024.0 * 1024), "MiB");
        Figures.record("B1", "heap after GC", heapAfterGc / (1024.0 * 1024), "MiB");
        Figures.record("B1", "peak direct memory", peaks.direct / (1024.0 * 1024), "MiB");
        Figures.record("B1", "peak queued bytes, all connections", peaks.total, "bytes");
        Figures.record("B1", "peak queued bytes, one connection", peaks.perConnection, "bytes");
        Figures.record("B1", "reactor loop lag max", lagMaxNanos / 1e6, "ms");
        Figures.record("B1", "slow reader bytes read", slowBytesRead.get(), "bytes");

        assertThat(slowClosed).as("slow readers the server closed").isZero();
        assertThat(slowBytesRead.get()).as("the slow readers did read").isPositive();
        assertThat(peaks.perConnection).as("peak queued on one connection")
                .isLessThanOrEqualTo(LIMIT).isLessThanOrEqualTo(HIGH + REPLY);
        assertThat(peaks.total).as("peak queued on all connections")
                .isGreaterThan(SLOW_CLIENTS * (long) HIGH / 2).isLessThanOrEqualTo(SLOW_CLIENTS * LIMIT);
        assertThat(heapAfterGc).as("heap after GC").isLessThan(256L * 1024 * 1024);
        assertThat(p99).as("fast p99 ms").isLessThan(50.0);
        assertThat(max).as("fast max ms").isLessThan(1_000.0);
    }

    /**
     * Pins the server's kernel send buffer at 16 KiB: auto-tuned, it would take a whole 128 KiB
     * reply off the queue this row is about.
     */
    private static void keepKernelBufferSmall(SuperSocket client) {
        try {
            ((SocketChannel) client.transport().selectable()).setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Reads about 1 KiB/s from every slow reader; returns how many the server closed. */
    private int readSlowly(AtomicBoolean running, AtomicLong bytesRead) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1024 / 10);
        boolean[] closed = new boolean[this.slow.size()];
        long period = TimeUnit.MILLISECONDS.toNanos(100);
        long next = System.nanoTime();
        while (running.get()) {
            for (int i = 0; i < this.slow.size(); i++) {
                if (closed[i]) {
                    continue;
                }
                buffer.clear();
                int count = this.slow.get(i).read(buffer);
                if (count < 0) {
                    closed[i] = true;
                }
                else {
                    bytesRead.addAndGet(count);
                }
            }
            next += period;
            LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
        }
        int count = 0;
        for (boolean c : closed) {
            count += c ? 1 : 0;
        }
        return count;
    }

    /** Echoes 8 bytes about every millisecond; returns every round trip in nanoseconds. */
    private static long[] echo(int port, AtomicBoolean running) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(20_000);
            return RoundTrips.collect(socket, "e1234567".getBytes(StandardCharsets.US_ASCII), running::get,
                    TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long directMemory() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }

    /** The highest queued bytes, heap and direct memory seen by the sampler. */
    private static final class Peaks {
        long total;
        long perConnection;
        long heap;
        long direct;

        /** Takes one sample; true while every slow reader is still connected. */
        boolean sample(SuperServer server) {
            this.total = Math.max(this.total, server.queuedBytes());
            for (SuperSocket client : server.clients()) {
                this.perConnection = Math.max(this.perConnection, client.pendingBytes());
            }
            this.heap = Math.max(this.heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            this.direct = Math.max(this.direct, directMemory());
            return server.activeConnections() == SLOW_CLIENTS + 1;
        }
    }

    /** How late a 10 ms periodic timer of the reactor runs: the loop lag (Redis's eventloop_duration_max). */
    private static final class LoopLag {
        private final AtomicLong max = new AtomicLong();
        private final io.untwisted.reactor.TimerHandle timer;
        private long last = -1;

        LoopLag(Reactor reactor) {
            this.timer = reactor.every(LAG_PROBE, () -> {
                long now = System.nanoTime();
                if (this.last >= 0) {
                    this.max.accumulateAndGet(now - this.last - LAG_PROBE.toNanos(), Math::max);
                }
                this.last = now;
            });
        }

        void reset() {
            this.max.set(0);
        }

        long max() {
            return this.max.get();
        }

        void cancel() {
            this.timer.cancel();
        }
    }
}
