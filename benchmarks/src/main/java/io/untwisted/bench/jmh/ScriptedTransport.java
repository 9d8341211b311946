package io.untwisted.bench.jmh;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SelectableChannel;

import io.untwisted.net.SuperSocket;
import io.untwisted.net.Transport;

/**
 * A transport driven by hand: reads hand out a prepared byte stream in a prepared sequence of
 * chunk sizes, writes are counted and dropped. It is not registered with a selector, so a
 * benchmark calls {@code socket.ready(OP_READ)} itself: the socket's whole read path runs
 * (reactor buffer, observer, {@code LOAD} dispatch) without the kernel.
 */
final class ScriptedTransport implements Transport {

    private final ByteBuffer source;
    private final int[] chunks;
    private int nextChunk;
    private long written;

    /**
     * @param stream the bytes every pass reads, start to end
     * @param chunks the sizes reads are cut to, used in a cycle (a read never exceeds the space
     *               in the destination either)
     */
    ScriptedTransport(byte[] stream, int[] chunks) {
        this.source = ByteBuffer.wrap(stream);
        this.chunks = chunks;
    }

    /** Starts the stream over (the chunk sequence goes on where it was). */
    void rewind() {
        this.source.clear();
    }

    boolean exhausted() {
        return !this.source.hasRemaining();
    }

    /** Plays the whole stream once into {@code socket}'s read path, from the start. */
    void playInto(SuperSocket socket) {
        rewind();
        while (!exhausted()) {
            socket.ready(SelectionKey.OP_READ);
        }
    }

    long written() {
        return this.written;
    }

    @Override
    public int read(ByteBuffer destination) {
        int remaining = this.source.remaining();
        if (remaining == 0) {
            return 0;
        }
        int chunk = this.chunks[this.nextChunk];
        this.nextChunk = this.nextChunk + 1 == this.chunks.length ? 0 : this.nextChunk + 1;
        int count = Math.min(chunk, Math.min(remaining, destination.remaining()));
        int limit = this.source.limit();
        this.source.limit(this.source.position() + count);
        destination.put(this.source);
        this.source.limit(limit);
        return count;
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += sources[i].remaining();
            sources[i].position(sources[i].limit());
        }
        this.written += total;
        return total;
    }

    @Override
    public long transferFrom(FileChannel file, long position, long count) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void shutdownOutput() {
    }

    @Override
    public void close(boolean reset) {
    }

    @Override
    public SocketAddress remoteAddress() {
        return null;
    }

    @Override
    public SocketAddress localAddress() {
        return null;
    }

    @Override
    public SelectableChannel selectable() {
        return null;
    }
}
