package io.untwisted.net;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.untwisted.event.Events;
import io.untwisted.reactor.Reactor;
import io.untwisted.testsupport.FaultProxy;
import io.untwisted.testsupport.Figures;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * B3 and B4: a producer that honours {@code PAUSED}/{@code RESUMED} streams 3 MiB to a peer that
 * takes 1 MiB/s. The queue must swing between the watermarks, never pass high + one write, and
 * the reactor must not spin on write readiness while the peer is slow.
 *
 * <p>B4 asks for a bandwidth-limited link ({@code tc tbf} inside {@code unshare -n}); the test JVM
 * cannot join such a namespace, so B4 runs the same producer through {@link FaultProxy}'s
 * bandwidth toxic instead, with small socket buffers so the link pushes back.
 */
@Timeout(60)
class WritePressureTest {

    private static final int LOW = 32 * 1024;
    private static final int HIGH = 64 * 1024;
    private static final int CHUNK = 16 * 1024;
    private static final int TOTAL = 3 * 1024 * 1024;
    private static final int SOCKET_BUFFER = 32 * 1024;
    private static final long RATE = 1024 * 1024;

    private Reactor reactor;
    private SuperServer server;
    private long reactorThreadId;
    private final CompletableFuture<Producer> producer = new CompletableFuture<>();

    @BeforeEach
    void start() throws Exception {
        this.reactor = new Reactor("b3-server");
        this.reactor.start();
        CompletableFuture<Long> threadId = new CompletableFuture<>();
        this.reactor.execute(() -> threadId.complete(Thread.currentThread().getId()));
        this.reactorThreadId = threadId.get(10, TimeUnit.SECONDS);
        this.server = SuperServer.bind(this.reactor, new InetSocketAddress("127.0.0.1", 0))
                .watermarks(new WriteWatermarks(LOW, HIGH, 4L * 1024 * 1024));
        this.server.onAccept((s, client) -> {
            try {
                ((TcpTransport) client.transport()).channel().setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
            }
            catch (IOException ex) {
                this.producer.completeExceptionally(ex);
                return;
            }
            Producer stream = new Producer(client);
            this.producer.complete(stream);
            stream.produce();
        });
        this.server.start();
    }

    @AfterEach
    void stop() {
        this.reactor.close();
    }

    @Test
    void shouldSwingBetweenTheWatermarksWithoutSpinningWhenThePeerReadsOneMebibytePerSecond() throws Exception {
        try (Socket peer = connect(this.server.port())) {
            Transfer transfer = readPaced(peer);
            report("B3", transfer);
        }
    }

    @Test
    void shouldSwingBetweenTheWatermarksOverABandwidthLimitedLink() throws Exception {
        try (FaultProxy proxy = FaultProxy.to(this.server.port(), SOCKET_BUFFER)) {
            proxy.downstream().bandwidth(RATE);
            try (Socket peer = connect(proxy.port())) {
                Transfer transfer = readAll(peer);
                report("B4", transfer);
                assertThat(transfer.bytesPerSecond()).as("the toxic limits the link").isLessThan(1.3 * RATE);
            }
        }
    }

    private void report(String row, Transfer transfer) throws Exception {
        Producer stream = this.producer.get(10, TimeUnit.SECONDS);
        CompletableFuture<long[]> counts = new CompletableFuture<>();
        this.reactor.execute(() -> counts.complete(new long[] {stream.pauses, stream.resumes, stream.peakQueued}));
        long[] figures = counts.get(10, TimeUnit.SECONDS);
        double cpuPercent = 100.0 * transfer.reactorCpuNanos / transfer.wallNanos;
        Figures.record(row, "reactor CPU while the peer is slow", cpuPercent, "%");
        Figures.record(row, "pause events", figures[0], "events");
        Figures.record(row, "resume events", figures[1], "events");
        Figures.record(row, "peak queued bytes", figures[2], "bytes");
        Figures.record(row, "throughput", transfer.bytesPerSecond() / (1024 * 1024), "MiB/s");
        assertThat(transfer.bytes).isEqualTo(TOTAL);
        assertThat(figures[2]).as("peak queued").isLessThanOrEqualTo(HIGH + CHUNK).isGreaterThan(HIGH);
        assertThat(figures[0]).as("pauses").isGreaterThanOrEqualTo(10);
        assertThat(figures[1]).as("resumes").isBetween(figures[0] - 1, figures[0]);
        assertThat(cpuPercent).as("reactor CPU %").isLessThan(30.0);
    }

    /** Reads 16 KiB at a time, no faster than 1 MiB/s. */
    private Transfer readPaced(Socket peer) throws IOException {
        InputStream in = peer.getInputStream();
        byte[] buffer = new byte[CHUNK];
        long start = System.nanoTime();
        long cpuStart = reactorCpu();
        long total = 0;
        while (total < TOTAL) {
            long due = start + total * TimeUnit.SECONDS.toNanos(1) / RATE;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int count = in.read(buffer, 0, (int) Math.min(buffer.length, TOTAL - total));
            if (count < 0) {
                break;
            }
            total += verify(buffer, count, total);
        }
        return new Transfer(total, System.nanoTime() - start, reactorCpu() - cpuStart);
    }

    private Transfer readAll(Socket peer) throws IOException {
        InputStream in = peer.getInputStream();
        byte[] buffer = new byte[CHUNK];
        long start = System.nanoTime();
        long cpuStart = reactorCpu();
        long total = 0;
        int count;
        while (total < TOTAL && (count = in.read(buffer, 0, (int) Math.min(buffer.length, TOTAL - total))) >= 0) {
            total += verify(buffer, count, total);
        }
        return new Transfer(total, System.nanoTime() - start, reactorCpu() - cpuStart);
    }

    private static int verify(byte[] buffer, int count, long offset) {
        for (int i = 0; i < count; i++) {
            if (buffer[i] != Producer.byteAt(offset + i)) {
                throw new AssertionError("byte " + (offset + i) + " is wrong");
            }
        }
        return count;
    }

    private long reactorCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.getThreadCpuTime(this.reactorThreadId);
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(SOCKET_BUFFER);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(20_000);
        return socket;
    }

    private record Transfer(long bytes, long wallNanos, long reactorCpuNanos) {
        double bytesPerSecond() {
            return this.bytes * 1e9 / this.wallNanos;
        }
    }

    /** Streams {@link #TOTAL} bytes in 16 KiB writes while the socket is not paused. Reactor thread only. */
    private static final class Producer {
        private final SuperSocket socket;
        private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        private boolean writable = true;
        private long sent;
        private long pauses;
        private long resumes;
        private long peakQueued;

        Producer(SuperSocket socket) {
            this.socket = socket;
            socket.on(Events.PAUSED, e -> {
                this.pauses++;
                this.writable = false;
            });
            socket.on(Events.RESUMED, e -> {
                this.resumes++;
                this.writable = true;
                produce();
            });
        }

        static byte byteAt(long offset) {
            return (byte) (offset % 251);
        }

        void produce() {
            while (this.writable && this.sent < TOTAL) {
                int length = (int) Math.min(CHUNK, TOTAL - this.sent);
                this.chunk.clear();
                for (int i = 0; i < length; i++) {
                    this.chunk.put(byteAt(this.sent + i));
                }
                this.chunk.flip();
                this.socket.dump(this.chunk);
                this.sent += length;
                this.peakQueued = Math.max(this.peakQueued, this.socket.pendingBytes());
            }
            if (this.sent == TOTAL) {
                this.socket.close();
            }
        }
    }
}
