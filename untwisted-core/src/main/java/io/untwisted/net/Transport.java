package io.untwisted.net;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectableChannel;

/**
 * How a {@link SuperSocket} moves bytes: a TCP channel, a TLS session over another transport
 * ({@code io.untwisted.net.tls.TlsTransport}), or an in-memory pipe in tests.
 *
 * <p>This is a service-provider interface; applications use {@link SuperSocket}. Every method is
 * called on the socket's reactor thread only, and none may block.
 *
 * <p>A plain transport implements the abstract methods only. A transport with a protocol of its
 * own (TLS) also overrides the default methods: it may hold bytes of its own to write
 * ({@link #hasPendingOutput()}, {@link #flush()}), bytes already read that the selector cannot
 * see ({@link #hasBufferedInput()}), and a handshake during which application bytes wait
 * ({@link #isHandshaking()}). Such a transport may drive events on its socket from
 * {@link #established}, {@link #read}, {@link #flush}, {@link #advanceHandshake} and
 * {@link #closed}; the socket re-checks its own state after each of these calls.
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

    /**
     * The connection is established (accepted after {@code ACCEPT} was driven, connected after
     * {@code CONNECT} was driven, or opened): a TLS transport starts its handshake here. Called
     * once, before any other I/O method but {@link #close}.
     *
     * @param socket the socket this transport serves, on whose reactor thread every call happens
     * @throws IOException when the transport cannot start; the socket closes with the cause
     */
    default void established(SuperSocket socket) throws IOException {
    }

    /**
     * Whether application bytes must wait: while true, {@link #write} and {@link #transferFrom}
     * take nothing, and the socket keeps reading (see {@link #advanceHandshake}) even when its
     * application paused reading. Plain transports never handshake.
     */
    default boolean isHandshaking() {
        return false;
    }

    /**
     * Reads and writes the transport's own bytes to move a handshake on, without delivering any
     * application bytes (those stay buffered; see {@link #hasBufferedInput()}). Called on read
     * readiness while {@link #isHandshaking()} and the application does not read.
     *
     * @throws IOException when the handshake fails or the peer closes during it
     */
    default void advanceHandshake() throws IOException {
    }

    /**
     * Whether the transport holds bytes of its own still to be written (TLS records, alerts);
     * while true, the socket asks for write readiness and calls {@link #flush()}.
     */
    default boolean hasPendingOutput() {
        return false;
    }

    /**
     * Writes as much of the transport's own pending bytes as can be written now.
     *
     * @return whether none remain pending
     */
    default boolean flush() throws IOException {
        return true;
    }

    /**
     * Whether bytes already taken from the network would give application bytes on the next
     * {@link #read} without any new readiness (a TLS transport decrypts record by record). The
     * socket keeps reading while this is true.
     */
    default boolean hasBufferedInput() {
        return false;
    }

    /**
     * Why the peer's end of stream was not clean, or null: reported as the cause of
     * {@code CLOSE(PEER, cause)}. A TLS transport reports a peer that closed without sending
     * {@code close_notify} (a possibly truncated stream).
     */
    default Throwable endOfStreamCause() {
        return null;
    }

    /**
     * {@code socket} has closed this transport for {@code reason}; called once, after
     * {@link #close} and before {@code CLOSE} is driven, unless the socket never connected (it
     * may come without {@link #established}, when a handler closed the socket in
     * {@code ACCEPT} or {@code CONNECT}).
     *
     * @param cause the failure that closed it, or null for an orderly close
     */
    default void closed(SuperSocket socket, CloseReason reason, Throwable cause) {
    }
}
