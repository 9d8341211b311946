package io.untwisted.testsupport;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectableChannel;

import io.untwisted.net.Transport;

/**
 * A transport that moves nothing: reads find no bytes, writes take none, and it has no
 * addresses and no channel. Tests extend it to script the one operation they care about.
 */
public class IdleTransport implements Transport {

    @Override
    public int read(ByteBuffer destination) {
        return 0;
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) {
        return 0;
    }

    @Override
    public long transferFrom(FileChannel file, long position, long count) {
        return 0;
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
