package io.untwisted.net.tls;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectableChannel;

import io.untwisted.net.Transport;

/**
 * The transport under a {@link TlsEngineDriver}, seen through a window that keeps the first
 * {@value #LIMIT} bytes the peer sent and whether it ended its stream: what a handshake failure
 * is classified by ({@link TlsFailureReason}) and logged with.
 *
 * <p>Confined to the reactor thread of its socket, like the transport it wraps. It holds at most
 * {@value #LIMIT} bytes, allocated by the first read.
 */
final class PeerBytes implements Transport {

    /** The most peer bytes kept, and logged. */
    static final int LIMIT = 64;

    private final Transport inner;
    private byte[] first;
    private int count;
    private boolean endOfStream;

    PeerBytes(Transport inner) {
        this.inner = inner;
    }

    /** Whether the peer ended its stream (a FIN) at some point. */
    boolean endOfStream() {
        return this.endOfStream;
    }

    /** How many bytes are kept, at most {@value #LIMIT}. */
    int count() {
        return this.count;
    }

    /**
     * Whether what the peer sent so far may begin a TLS record: a known content type and major
     * version 3. True while too few bytes came to tell. A TLS header with a wrong length is TLS
     * gone wrong, which the engine refuses as a protocol error.
     */
    boolean looksLikeTls() {
        if (this.count == 0) {
            return true;
        }
        int type = this.first[0] & 0xff;
        if (type < 20 || type > 24) {
            return false;
        }
        return this.count < 2 || this.first[1] == 3;
    }

    /**
     * The bytes kept, printable ASCII as is and every other byte as {@code \xNN}, so that a peer
     * cannot forge log lines: {@code GET / HTTP/1.1\x0d\x0a}.
     */
    String escaped() {
        StringBuilder text = new StringBuilder(this.count * 2);
        for (int i = 0; i < this.count; i++) {
            int b = this.first[i] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\\') {
                text.append((char) b);
            }
            else {
                text.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
            }
        }
        return text.toString();
    }

    @Override
    public int read(ByteBuffer destination) throws IOException {
        int from = destination.position();
        int read = this.inner.read(destination);
        if (read < 0) {
            this.endOfStream = true;
        }
        else if (read > 0 && this.count < LIMIT) {
            if (this.first == null) {
                this.first = new byte[LIMIT];
            }
            int kept = Math.min(read, LIMIT - this.count);
            destination.get(from, this.first, this.count, kept);
            this.count += kept;
        }
        return read;
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
        return this.inner.write(sources, offset, length);
    }

    @Override
    public long transferFrom(FileChannel file, long position, long count) throws IOException {
        return this.inner.transferFrom(file, position, count);
    }

    @Override
    public void shutdownOutput() throws IOException {
        this.inner.shutdownOutput();
    }

    @Override
    public void close(boolean reset) throws IOException {
        this.inner.close(reset);
    }

    @Override
    public SocketAddress remoteAddress() {
        return this.inner.remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return this.inner.localAddress();
    }

    @Override
    public SelectableChannel selectable() {
        return this.inner.selectable();
    }
}
