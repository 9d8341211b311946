package io.untwisted.net;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;

/** A {@link Transport} over a non-blocking {@link SocketChannel}. */
final class TcpTransport implements Transport {

    private final SocketChannel channel;

    TcpTransport(SocketChannel channel) {
        this.channel = channel;
    }

    SocketChannel channel() {
        return this.channel;
    }

    @Override
    public int read(ByteBuffer destination) throws IOException {
        return this.channel.read(destination);
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
        return length == 1 ? this.channel.write(sources[offset]) : this.channel.write(sources, offset, length);
    }

    @Override
    public long transferFrom(FileChannel file, long position, long count) throws IOException {
        return file.transferTo(position, count, this.channel);
    }

    @Override
    public void shutdownOutput() throws IOException {
        this.channel.shutdownOutput();
    }

    @Override
    public void close(boolean reset) throws IOException {
        if (reset && this.channel.isOpen()) {
            try {
                this.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
            catch (IOException ex) {
                // The socket is already broken; closing it is all that is left to do.
            }
        }
        this.channel.close();
    }

    @Override
    public SocketAddress remoteAddress() {
        try {
            return this.channel.getRemoteAddress();
        }
        catch (IOException ex) {
            return null;
        }
    }

    @Override
    public SocketAddress localAddress() {
        try {
            return this.channel.getLocalAddress();
        }
        catch (IOException ex) {
            return null;
        }
    }

    @Override
    public SelectableChannel selectable() {
        return this.channel;
    }
}
