package io.untwisted.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;

import io.untwisted.reactor.BufferPool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bytes and files a socket has yet to write, written with gathering writes.
 *
 * <p>Bytes are copied into direct buffers of the reactor's {@link BufferPool}, appended to the
 * last one while it has room, so many small writes share one buffer and one system call, and the
 * JDK need not copy them again. An idle queue holds no buffer.
 *
 * <p>Confined to the socket's reactor thread, except {@link #pendingBytes()}, which any thread may
 * read: it counts queued buffer bytes only (files are read from disk as the peer accepts them), and
 * is volatile so that a gauge can sum it over a server's connections without a task per socket;
 * only the reactor thread writes it, once per {@code add} and per write system call.
 */
final class OutboundQueue {

    private static final Logger log = LoggerFactory.getLogger(OutboundQueue.class);
    private static final int MAX_GATHER = 64;

    private final BufferPool pool;
    private ArrayDeque<Object> entries;
    private ByteBuffer tail;
    private ByteBuffer[] gather;
    private volatile long pendingBytes;

    OutboundQueue(BufferPool pool) {
        this.pool = pool;
    }

    boolean isEmpty() {
        return this.entries == null || this.entries.isEmpty();
    }

    long pendingBytes() {
        return this.pendingBytes;
    }

    /** Copies the remaining bytes of {@code source} into the queue, and consumes them. */
    void add(ByteBuffer source) {
        int remaining = source.remaining();
        if (remaining == 0) {
            return;
        }
        this.pendingBytes += remaining;
        while (source.hasRemaining()) {
            ByteBuffer chunk = this.tail;
            if (chunk == null || chunk.limit() == chunk.capacity()) {
                chunk = this.pool.acquire();
                entries().add(chunk);
                this.tail = chunk;
            }
            int end = chunk.limit();
            int count = Math.min(source.remaining(), chunk.capacity() - end);
            chunk.limit(end + count);
            chunk.put(end, source, source.position(), count);
            source.position(source.position() + count);
        }
    }

    void add(FileRegion region) {
        if (region.remaining() > 0) {
            entries().add(region);
            this.tail = null;
        }
        else {
            region.close();
        }
    }

    /**
     * Writes as much as the channel takes now.
     *
     * @return the bytes written
     */
    long writeTo(Transport channel) throws IOException {
        long written = 0;
        while (!isEmpty()) {
            Object head = this.entries.peek();
            long wrote;
            boolean drained;
            if (head instanceof FileRegion region) {
                wrote = region.transferTo(channel);
                drained = region.remaining() == 0;
                if (drained) {
                    this.entries.poll();
                    region.close();
                }
            }
            else {
                wrote = writeBuffers(channel);
                drained = this.entries.isEmpty() || !(this.entries.peek() instanceof ByteBuffer);
            }
            written += wrote;
            if (!drained || wrote == 0) {
                break;
            }
        }
        return written;
    }

    private long writeBuffers(Transport channel) throws IOException {
        if (this.gather == null) {
            this.gather = new ByteBuffer[MAX_GATHER];
        }
        int count = 0;
        for (Object entry : this.entries) {
            if (!(entry instanceof ByteBuffer buffer) || count == MAX_GATHER) {
                break;
            }
            this.gather[count++] = buffer;
        }
        long wrote = channel.write(this.gather, 0, count);
        this.pendingBytes -= wrote;
        for (int i = 0; i < count; i++) {
            ByteBuffer chunk = this.gather[i];
            this.gather[i] = null;
            if (!chunk.hasRemaining()) {
                this.entries.poll();
                release(chunk);
            }
        }
        return wrote;
    }

    private void release(ByteBuffer chunk) {
        if (chunk == this.tail) {
            this.tail = null;
        }
        this.pool.release(chunk);
    }

    /** Drops everything queued, gives buffers back to the pool and closes queued files. */
    void clear() {
        if (this.entries == null) {
            return;
        }
        Object entry;
        while ((entry = this.entries.poll()) != null) {
            if (entry instanceof FileRegion region) {
                region.close();
            }
            else {
                release((ByteBuffer) entry);
            }
        }
        this.tail = null;
        this.pendingBytes = 0;
    }

    private ArrayDeque<Object> entries() {
        if (this.entries == null) {
            this.entries = new ArrayDeque<>(4);
        }
        return this.entries;
    }

    /** A part of a file still to send, with {@link FileChannel#transferTo} (zero copy where the OS can). */
    static final class FileRegion {
        private final FileChannel file;
        private long position;
        private final long end;

        FileRegion(FileChannel file, long position, long count) {
            this.file = file;
            this.position = position;
            this.end = position + count;
        }

        long remaining() {
            return this.end - this.position;
        }

        long transferTo(Transport channel) throws IOException {
            long sent = channel.transferFrom(this.file, this.position, remaining());
            this.position += sent;
            if (sent == 0 && this.position < this.end && this.file.size() <= this.position) {
                throw new IOException("file shrank while being sent: " + this.file.size() + " < " + this.end);
            }
            return sent;
        }

        void close() {
            try {
                this.file.close();
            }
            catch (IOException ex) {
                log.debug("closing a sent file failed", ex);
            }
        }
    }
}
