package io.untwisted.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bytes and files a socket has yet to write, written with gathering writes.
 *
 * <p>Confined to the socket's reactor thread. {@link #pendingBytes()} counts queued buffer bytes
 * only; files are read from disk as the peer accepts them.
 */
final class OutboundQueue {

    private static final Logger log = LoggerFactory.getLogger(OutboundQueue.class);
    private static final int MAX_GATHER = 64;

    private final ArrayDeque<Object> entries = new ArrayDeque<>(4);
    private ByteBuffer[] gather;
    private long pendingBytes;

    boolean isEmpty() {
        return this.entries.isEmpty();
    }

    long pendingBytes() {
        return this.pendingBytes;
    }

    void add(ByteBuffer buffer) {
        if (buffer.hasRemaining()) {
            this.entries.add(buffer);
            this.pendingBytes += buffer.remaining();
        }
    }

    void add(FileRegion region) {
        if (region.remaining() > 0) {
            this.entries.add(region);
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
        while (!this.entries.isEmpty()) {
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
            if (!this.gather[i].hasRemaining()) {
                this.entries.poll();
            }
            this.gather[i] = null;
        }
        return wrote;
    }

    /** Drops everything queued and closes queued files. */
    void clear() {
        Object entry;
        while ((entry = this.entries.poll()) != null) {
            if (entry instanceof FileRegion region) {
                region.close();
            }
        }
        this.pendingBytes = 0;
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
