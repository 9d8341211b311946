package io.untwisted.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectableChannel;
import java.util.ArrayDeque;

import io.untwisted.net.Transport;

/**
 * An in-memory {@link Transport}: reads come from chunks a test fed, writes land in a buffer the
 * test reads back. It has no selectable channel; {@link EmbeddedSuperSocket} pumps it by hand.
 *
 * <p>Confined to the thread of the embedded socket's reactor. The fake peer holds at most
 * {@code window} written-and-unread bytes; past that, writes take nothing, as with a full TCP
 * window.
 */
final class EmbeddedTransport implements Transport {

    private static final int MAX_FILE_CHUNK = 64 * 1024;

    private final ArrayDeque<ByteBuffer> inbound = new ArrayDeque<>();
    private final ByteArrayOutputStream outbound = new ByteArrayOutputStream();
    private int window;
    private boolean inboundEnded;
    private boolean endDelivered;
    private long inboundRead;
    private boolean outputShut;
    private boolean closed;
    private boolean reset;

    EmbeddedTransport(int window) {
        this.window = window;
    }

    void offer(ByteBuffer chunk) {
        if (this.inboundEnded) {
            throw new IllegalStateException("the peer already ended its stream");
        }
        if (chunk.hasRemaining()) {
            this.inbound.add(chunk);
        }
    }

    void endInbound() {
        this.inboundEnded = true;
    }

    /** Grows whenever a read takes bytes or reports the end of the stream: tells the pump it made progress. */
    long progress() {
        return this.inboundRead + (this.endDelivered ? 1 : 0);
    }

    boolean hasUnreadInbound() {
        return !this.inbound.isEmpty() || (this.inboundEnded && !this.endDelivered);
    }

    byte[] takeOutbound() {
        byte[] bytes = this.outbound.toByteArray();
        this.outbound.reset();
        return bytes;
    }

    void window(int window) {
        this.window = window;
    }

    boolean isClosed() {
        return this.closed;
    }

    boolean isReset() {
        return this.reset;
    }

    boolean isOutputShut() {
        return this.outputShut;
    }

    @Override
    public int read(ByteBuffer destination) throws IOException {
        if (this.closed) {
            throw new ClosedChannelException();
        }
        ByteBuffer head = this.inbound.peek();
        if (head == null) {
            if (this.inboundEnded) {
                this.endDelivered = true;
                return -1;
            }
            return 0;
        }
        int count = Math.min(head.remaining(), destination.remaining());
        ByteBuffer slice = head.duplicate();
        slice.limit(slice.position() + count);
        destination.put(slice);
        head.position(head.position() + count);
        if (!head.hasRemaining()) {
            this.inbound.poll();
        }
        this.inboundRead += count;
        return count;
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
        checkWritable();
        long written = 0;
        for (int i = offset; i < offset + length; i++) {
            ByteBuffer source = sources[i];
            int count = Math.min(source.remaining(), room());
            if (count == 0) {
                break;
            }
            byte[] bytes = new byte[count];
            source.get(bytes);
            this.outbound.write(bytes, 0, count);
            written += count;
        }
        return written;
    }

    @Override
    public long transferFrom(FileChannel file, long position, long count) throws IOException {
        checkWritable();
        int chunk = (int) Math.min(Math.min(count, room()), MAX_FILE_CHUNK);
        if (chunk == 0) {
            return 0;
        }
        ByteBuffer buffer = ByteBuffer.allocate(chunk);
        int read = file.read(buffer, position);
        if (read <= 0) {
            return 0;
        }
        this.outbound.write(buffer.array(), 0, read);
        return read;
    }

    @Override
    public void shutdownOutput() throws IOException {
        if (this.closed) {
            throw new ClosedChannelException();
        }
        this.outputShut = true;
    }

    @Override
    public void close(boolean reset) {
        if (!this.closed) {
            this.closed = true;
            this.reset = reset;
        }
    }

    @Override
    public SocketAddress remoteAddress() {
        return InetSocketAddress.createUnresolved("embedded-peer", 0);
    }

    @Override
    public SocketAddress localAddress() {
        return InetSocketAddress.createUnresolved("embedded", 0);
    }

    @Override
    public SelectableChannel selectable() {
        return null;
    }

    private int room() {
        return Math.max(0, this.window - this.outbound.size());
    }

    private void checkWritable() throws IOException {
        if (this.closed) {
            throw new ClosedChannelException();
        }
        if (this.outputShut) {
            throw new IOException("output already shut down");
        }
    }
}
