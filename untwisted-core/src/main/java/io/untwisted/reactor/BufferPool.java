package io.untwisted.reactor;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The direct buffers a reactor's sockets queue outbound bytes in, reused instead of allocated per
 * write.
 *
 * <p>Confined to its reactor's thread. Limits: every buffer holds {@value #CHUNK_SIZE} bytes; at
 * most {@code maxPooled} free buffers are kept, and a buffer released beyond that is left to the
 * garbage collector. Buffers in use are bounded by the sockets' write limits.
 */
public final class BufferPool {

    /** The size of every buffer. */
    public static final int CHUNK_SIZE = 16 * 1024;

    /** How many free buffers a reactor keeps unless told otherwise: 1 MiB. */
    public static final int DEFAULT_MAX_POOLED = 64;

    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private final int maxPooled;
    private int lent;

    /**
     * A pool keeping at most {@code maxPooled} free buffers.
     *
     * @throws IllegalArgumentException when {@code maxPooled < 0}
     */
    public BufferPool(int maxPooled) {
        if (maxPooled < 0) {
            throw new IllegalArgumentException("maxPooled must be >= 0: " + maxPooled);
        }
        this.maxPooled = maxPooled;
    }

    /** An empty buffer (position and limit 0) of {@value #CHUNK_SIZE} bytes. */
    public ByteBuffer acquire() {
        ByteBuffer buffer = this.free.poll();
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(CHUNK_SIZE);
        }
        buffer.position(0).limit(0);
        this.lent++;
        return buffer;
    }

    /** Gives back a buffer from {@link #acquire()}; the caller must not use it any more. */
    public void release(ByteBuffer buffer) {
        this.lent--;
        if (this.free.size() < this.maxPooled) {
            this.free.push(buffer);
        }
    }

    /** Free buffers kept now. */
    public int pooled() {
        return this.free.size();
    }

    /** How many acquired chunks have not been released yet: zero once every socket has closed. */
    public int lent() {
        return this.lent;
    }
}
