package io.untwisted.net;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectableChannel;

/**
 * How a {@link SuperSocket} moves bytes: a TCP channel, or an in-memory pipe in tests.
 *
 * <p>This is a service-provider interface; applications use {@link SuperSocket}. Every method is
 * called on the socket's reactor thread only, and none may block.
 */
public interface Transport {

    /**
     * Reads into {@code destination}.
     *
     * @return the bytes read, 0 when none are available, -1 at end of stream
     */
    int read(ByteBuffer destination) throws IOException;

    /**
     * Writes from {@code sources[offset..offset+length)} as much as can be written now.
     *
     * @return the bytes written, possibly 0
     */
    long write(ByteBuffer[] sources, int offset, int length) throws IOException;

    /**
     * Sends up to {@code count} bytes of {@code file} from {@code position}, as much as can be
     * sent now.
     *
     * @return the bytes sent, possibly 0
     */
    long transferFrom(FileChannel file, long position, long count) throws IOException;

    /** Sends end-of-stream; reading goes on. */
    void shutdownOutput() throws IOException;

    /** Closes the transport; with {@code reset}, a TCP transport sends RST instead of FIN. */
    void close(boolean reset) throws IOException;

    /** The peer's address, or null. */
    SocketAddress remoteAddress();

    /** The local address, or null. */
    SocketAddress localAddress();

    /** The channel to register with the reactor's selector, or null for a transport driven by hand. */
    SelectableChannel selectable();
}
