package io.untwisted.net.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

import io.untwisted.net.Transport;

/**
 * The write side of a {@link TlsEngineDriver}: wraps plaintext, and the engine's own messages,
 * into one record at a time, and writes each record to the network before wrapping the next.
 *
 * <p>Confined to the reactor thread of its socket. Buffers: {@code netOut} holds one TLS record
 * ({@code SSLSession.getPacketBufferSize()}, about 16 KiB). {@code fileChunk} is 16 KiB; it is
 * allocated by the first {@link #transferFrom} and read through, since a file cannot be
 * encrypted in place.
 */
final class TlsRecordWriter {

    /** The most plaintext {@link #transferFrom} reads from a file at a time: one full TLS record. */
    static final int FILE_CHUNK_SIZE = 16 * 1024;

    private final SSLEngine engine;
    private final Transport inner;
    private final ByteBuffer[] emptyArray = {ByteBuffer.allocate(0)};
    private final ByteBuffer[] one = new ByteBuffer[1];
    private ByteBuffer netOut;
    private ByteBuffer fileChunk;

    TlsRecordWriter(SSLEngine engine, Transport inner) {
        this.engine = engine;
        this.inner = inner;
        this.netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize()).flip();
    }

    /** Whether a record waits to be written. */
    boolean hasPending() {
        return this.netOut.hasRemaining();
    }

    /**
     * Writes the waiting record, as far as the network takes it now.
     *
     * @return whether nothing waits any more
     */
    boolean flush() throws IOException {
        ByteBuffer out = this.netOut;
        if (!out.hasRemaining()) {
            return true;
        }
        this.one[0] = out;
        try {
            while (out.hasRemaining()) {
                if (this.inner.write(this.one, 0, 1) == 0) {
                    return false;
                }
            }
        }
        finally {
            this.one[0] = null;
        }
        return true;
    }

    /** Wraps what the engine has to say by itself (handshake messages, alerts, close_notify); call with nothing waiting. */
    SSLEngineResult wrapEngineMessage() throws SSLException {
        return wrap(this.emptyArray, 0, 1);
    }

    /**
     * Encrypts as much of {@code sources} as the network takes now.
     *
     * @param peerClosed whether the peer's close_notify arrived, for the message when the engine refuses
     * @return plaintext bytes consumed
     * @throws SSLException when the engine is closed for writing or stuck
     */
    long write(ByteBuffer[] sources, int offset, int length, boolean peerClosed) throws IOException {
        long consumed = 0;
        int idle = 0;
        while (flush() && hasRemaining(sources, offset, length)) {
            HandshakeStatus status = this.engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                runDelegatedTasks(this.engine);
                continue;
            }
            if (status == HandshakeStatus.NEED_UNWRAP) {
                break;
            }
            SSLEngineResult result = wrap(sources, offset, length);
            consumed += result.bytesConsumed();
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException((peerClosed
                        ? "the peer closed the TLS session, which before TLS 1.3 ends both directions; "
                        : "the TLS session is closed for writing; ")
                        + remaining(sources, offset, length) + " bytes not sent");
            }
            if (result.bytesConsumed() == 0 && result.bytesProduced() == 0
                    && ++idle > TlsEngineDriver.MAX_IDLE_STEPS) {
                throw new SSLException("the TLS engine made no progress writing (" + result.getHandshakeStatus() + ")");
            }
        }
        return consumed;
    }

    /**
     * Reads up to {@code count} bytes of {@code file} from {@code position} through the 16 KiB
     * chunk and encrypts them, as many as the network takes now. Bytes read but not encrypted are
     * read again on the next call.
     *
     * @return file bytes consumed
     */
    long transferFrom(FileChannel file, long position, long count, boolean peerClosed) throws IOException {
        if (this.fileChunk == null) {
            this.fileChunk = ByteBuffer.allocate(FILE_CHUNK_SIZE);
        }
        ByteBuffer chunk = this.fileChunk;
        ByteBuffer[] sources = {chunk};
        long sent = 0;
        while (sent < count && flush()) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), count - sent));
            int read = file.read(chunk, position + sent);
            if (read <= 0) {
                break;
            }
            chunk.flip();
            sent += write(sources, 0, 1, peerClosed);
            if (chunk.hasRemaining()) {
                break;
            }
        }
        return sent;
    }

    /** Wraps into the empty {@code netOut}; leaves it ready to be written. */
    private SSLEngineResult wrap(ByteBuffer[] sources, int offset, int length) throws SSLException {
        while (true) {
            this.netOut.clear();
            SSLEngineResult result;
            try {
                result = this.engine.wrap(sources, offset, length, this.netOut);
            }
            finally {
                this.netOut.flip();
            }
            if (result.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) {
                return result;
            }
            int packetSize = this.engine.getSession().getPacketBufferSize();
            if (packetSize <= this.netOut.capacity()) {
                throw new SSLException("a TLS record does not fit the session's " + this.netOut.capacity() + " bytes");
            }
            this.netOut = ByteBuffer.allocate(packetSize).flip();
        }
    }

    /** Runs the engine's delegated tasks inline, on the calling (reactor) thread. */
    static void runDelegatedTasks(SSLEngine engine) {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private static boolean hasRemaining(ByteBuffer[] sources, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (sources[i].hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    private static long remaining(ByteBuffer[] sources, int offset, int length) {
        long remaining = 0;
        for (int i = offset; i < offset + length; i++) {
            remaining += sources[i].remaining();
        }
        return remaining;
    }
}
