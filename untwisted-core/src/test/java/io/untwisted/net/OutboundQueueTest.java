package io.untwisted.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;

import io.untwisted.reactor.BufferPool;
import io.untwisted.testsupport.IdleTransport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutboundQueueTest {

    private final BufferPool pool = new BufferPool(4);
    private final OutboundQueue queue = new OutboundQueue(this.pool);

    @Test
    void shouldWriteManySmallAndLargeAppendsInOrderThroughFewBuffers() throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[random.nextInt(i % 50 == 0 ? 70_000 : 300)];
            random.nextBytes(bytes);
            expected.writeBytes(bytes);
            ByteBuffer source = ByteBuffer.wrap(bytes);
            this.queue.add(source);
            assertThat(source.hasRemaining()).isFalse();
        }
        assertThat(this.queue.pendingBytes()).isEqualTo(expected.size());

        ThrottledTransport peer = new ThrottledTransport(10_000);
        while (!this.queue.isEmpty()) {
            this.queue.writeTo(peer);
        }

        assertThat(peer.received.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(this.queue.pendingBytes()).isZero();
        assertThat(this.pool.pooled()).as("drained buffers go back to the pool, up to its bound").isEqualTo(4);
    }

    @Test
    void shouldHoldNoBufferOnceDrained() throws IOException {
        this.queue.add(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        this.queue.writeTo(new ThrottledTransport(100));

        assertThat(this.queue.isEmpty()).isTrue();
        assertThat(this.pool.pooled()).isEqualTo(1);

        this.queue.add(ByteBuffer.wrap(new byte[] {4}));
        assertThat(this.pool.pooled()).as("the next append reuses the pooled buffer").isZero();
    }

    @Test
    void shouldGiveBuffersBackWhenCleared() {
        this.queue.add(ByteBuffer.allocate(3 * BufferPool.CHUNK_SIZE));

        this.queue.clear();

        assertThat(this.queue.isEmpty()).isTrue();
        assertThat(this.queue.pendingBytes()).isZero();
        assertThat(this.pool.pooled()).isEqualTo(3);
    }

    /** Takes at most {@code perWrite} bytes per write, like a socket with a small send buffer. */
    private static final class ThrottledTransport extends IdleTransport {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final int perWrite;

        ThrottledTransport(int perWrite) {
            this.perWrite = perWrite;
        }

        @Override
        public long write(ByteBuffer[] sources, int offset, int length) {
            int budget = this.perWrite;
            long wrote = 0;
            for (int i = offset; i < offset + length && budget > 0; i++) {
                int count = Math.min(budget, sources[i].remaining());
                byte[] bytes = new byte[count];
                sources[i].get(bytes);
                this.received.writeBytes(bytes);
                budget -= count;
                wrote += count;
            }
            return wrote;
        }
    }
}
