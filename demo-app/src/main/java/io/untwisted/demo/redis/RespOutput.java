package io.untwisted.demo.redis;

import java.nio.ByteBuffer;

import io.untwisted.net.SuperSocket;

/**
 * Writes the RESP replies to one request at a time into a reused buffer and hands them to the
 * connection's outbound queue with one {@link SuperSocket#dump(ByteBuffer)}, which copies them
 * there: a reply costs no allocation, however it is built.
 *
 * <p>Not thread-safe: one per reactor thread. Its buffer holds {@value #CAPACITY} bytes; a longer
 * reply goes out in several dumps, and a piece longer than the buffer is dumped as it is.
 */
final class RespOutput {

    static final int CAPACITY = 8192;

    private static final byte[] CRLF = {'\r', '\n'};

    private final ByteBuffer buffer = ByteBuffer.allocate(CAPACITY);
    private SuperSocket client;

    /** Starts the reply to one request of {@code client}. */
    void start(SuperSocket client) {
        this.client = client;
        this.buffer.clear();
    }

    /** Appends {@code bytes}, an encoded reply or a piece of one. */
    void write(byte[] bytes) {
        if (bytes.length > this.buffer.remaining()) {
            flush();
            if (bytes.length > this.buffer.capacity()) {
                this.client.dump(bytes);
                return;
            }
        }
        this.buffer.put(bytes);
    }

    /** Appends {@code value} as a bulk string, or the null bulk string for null. */
    void bulk(byte[] value) {
        if (value == null) {
            write(RespReply.NULL);
            return;
        }
        // '$', at most 10 digits, CR LF.
        if (this.buffer.remaining() < 13) {
            flush();
        }
        this.buffer.put((byte) '$');
        RespReply.putDigits(this.buffer, value.length);
        this.buffer.put(CRLF);
        write(value);
        write(CRLF);
    }

    /** Hands what is left of the reply to the connection and forgets the connection. */
    void finish() {
        flush();
        this.client = null;
    }

    private void flush() {
        if (this.buffer.position() > 0) {
            this.buffer.flip();
            this.client.dump(this.buffer);
            this.buffer.clear();
        }
    }
}
