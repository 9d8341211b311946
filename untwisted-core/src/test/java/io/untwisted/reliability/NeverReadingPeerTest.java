package io.untwisted.reliability;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.untwisted.net.CloseReason;
import io.untwisted.net.SuperServer;
import io.untwisted.net.WriteQueueOverflowException;
import io.untwisted.net.WriteWatermarks;
import io.untwisted.reactor.Reactor;
import io.untwisted.testsupport.Figures;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * B2 (the CVE-2025-21605 shape): a client that never reads pipelines requests that each make a
 * 1 MiB reply. Once the replies queued for it would pass the hard cap (4 MiB) the server closes the
 * connection with a {@link WriteQueueOverflowException}, so it cannot make the server buffer
 * without bound.
 */
@Timeout(60)
class NeverReadingPeerTest {

    private static final int REPLY = 1024 * 1024;
    private static final long LIMIT = 4L * 1024 * 1024;

    private Reactor reactor;

    @AfterEach
    void stop() {
        if (this.reactor != null) {
            this.reactor.close();
        }
    }

    @Test
    void shouldDisconnectAPeerThatNeverReadsOnceItsQueuePassesTheHardCap() throws Exception {
        this.reactor = new Reactor("b2-server");
        this.reactor.start();
        ByteBuffer reply = ByteBuffer.allocate(REPLY);
        AtomicLong peakQueued = new AtomicLong();
        CompletableFuture<Object[]> closed = new CompletableFuture<>();
        SuperServer server = SuperServer.bind(this.reactor, new InetSocketAddress("127.0.0.1", 0))
                .watermarks(new WriteWatermarks(32 * 1024, 64 * 1024, LIMIT));
        server.onAccept((s, client) -> {
            client.onClose((socket, reason, cause) -> closed.complete(new Object[] {reason, cause, System.nanoTime()}));
            client.onLoad((socket, data) -> {
                while (data.hasRemaining() && socket.isOpen()) {
                    if (data.get() == 'G') {
                        socket.dump(reply.duplicate());
                        peakQueued.accumulateAndGet(socket.pendingBytes(), Math::max);
                    }
                }
            });
        });
        server.start();
        long heapBefore = heapAfterGc();

        try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            byte[] requests = new byte[64];
            Arrays.fill(requests, (byte) 'G');
            long sent = System.nanoTime();
            client.getOutputStream().write(requests);
            Object[] close = closed.get(20, TimeUnit.SECONDS);
            double disconnectMillis = ((long) close[2] - sent) / 1e6;

            assertThat(close[0]).isEqualTo(CloseReason.ERROR);
            assertThat(close[1]).isInstanceOf(WriteQueueOverflowException.class);
            assertThat(peakQueued.get()).isLessThanOrEqualTo(LIMIT).isGreaterThan(LIMIT - REPLY);
            assertThat(server.activeConnections()).isZero();
            assertThat(server.queuedBytes()).isZero();
            long heapDelta = heapAfterGc() - heapBefore;
            Figures.record("B2", "time to disconnect", disconnectMillis, "ms");
            Figures.record("B2", "peak queued bytes", peakQueued.get(), "bytes");
            Figures.record("B2", "heap after GC, change", heapDelta / (1024.0 * 1024), "MiB");
            Figures.record("B2", "direct memory after close", directMemory() / (1024.0 * 1024), "MiB");
            assertThat(disconnectMillis).isLessThan(5_000);
            assertThat(heapDelta).isLessThan(64L * 1024 * 1024);
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
}
