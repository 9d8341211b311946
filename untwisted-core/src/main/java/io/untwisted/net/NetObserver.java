package io.untwisted.net;

import io.untwisted.net.tls.TlsFailureReason;

/**
 * Watches the traffic of sockets: connections opened and closed, bytes moved, reads paused.
 * The starter implements it to feed Micrometer; core depends on no metrics library.
 *
 * <p>Called on the socket's reactor thread, on the hot path: implementations must be fast,
 * take no locks and never throw. Every method has a no-op default.
 */
public interface NetObserver {

    /** An observer that does nothing. */
    NetObserver NONE = new NetObserver() {
    };

    /** A connection was accepted or connected. */
    default void opened(SuperSocket socket) {
    }

    /** A connection closed; called once, before {@code CLOSE} is driven. */
    default void closed(SuperSocket socket, CloseReason reason) {
    }

    /**
     * A connection closed with {@code cause} (null for an orderly close; classify it with
     * {@link CloseCause#of}); called once, before {@code CLOSE} is driven. The default calls
     * {@link #closed(SuperSocket, CloseReason)}.
     */
    default void closed(SuperSocket socket, CloseReason reason, Throwable cause) {
        closed(socket, reason);
    }

    /** {@code bytes} were read from the socket. */
    default void received(SuperSocket socket, int bytes) {
    }

    /** {@code bytes} were written to the socket. */
    default void sent(SuperSocket socket, long bytes) {
    }

    /** The outbound queue passed its high watermark, so reading paused. */
    default void writePaused(SuperSocket socket) {
    }

    /** A listening socket refused a connection (a limit, or no reactor to take it). */
    default void refused(SuperServer server) {
    }

    /**
     * {@code event} is being driven on {@code channel} (a connection or a listening socket), before
     * its handlers run, whether or not it has any. {@code args} must not be modified or kept.
     */
    default void driven(SuperChannel channel, Object event, Object[] args) {
    }

    /**
     * The first TLS handshake of {@code socket}, a connection a server accepted, failed (or the
     * connection closed before it completed) for {@code reason}; called once, before
     * {@code CLOSE} is driven.
     */
    default void tlsHandshakeFailed(SuperSocket socket, TlsFailureReason reason) {
    }
}
