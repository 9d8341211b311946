package io.untwisted.net.tls;

import java.net.SocketAddress;

import io.untwisted.internal.LogThrottle;
import io.untwisted.net.SuperServer;
import io.untwisted.net.SuperSocket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a failed server-side handshake: counts it through the server's
 * {@link io.untwisted.net.NetObserver} and logs it, one line per connection at most.
 *
 * <p>A peer decides how often handshakes fail, so the log is throttled to one line per
 * {@link TlsFailureReason} and second, each line saying how many were held back. A line carries
 * the reason, the exception's class and message and at most the first {@value PeerBytes#LIMIT}
 * bytes the peer sent, escaped; never the whole buffer. {@link TlsFailureReason#CLOSED} (a peer
 * that hung up, a port probe) is logged at DEBUG, the others at WARN.
 *
 * <p>Thread-safe; one instance serves every connection of a {@link TlsConfig}.
 */
final class HandshakeFailureLog {

    private static final Logger log = LoggerFactory.getLogger(HandshakeFailureLog.class);

    private final LogThrottle throttle;

    HandshakeFailureLog(LogThrottle throttle) {
        this.throttle = throttle;
    }

    /**
     * Reports the failed handshake of {@code socket}; a client socket is only logged (at DEBUG),
     * as it has no server to count it.
     *
     * @param remote the peer's address (the closed socket no longer knows it), or null
     * @param failure what failed it, never null
     */
    void report(SuperSocket socket, SocketAddress remote, Throwable failure, TlsFailureReason reason,
            PeerBytes peer) {
        SuperServer server = socket.server();
        if (server == null) {
            log.debug("TLS handshake with {} failed: {}", remote, failure.toString());
            return;
        }
        server.observer().tlsHandshakeFailed(socket, reason);
        if (reason == TlsFailureReason.CLOSED) {
            log.debug("TLS handshake with {} failed ({}): {}", remote, reason.tagValue(), failure.toString());
            return;
        }
        long heldBack = this.throttle.admit(reason);
        if (heldBack < 0) {
            return;
        }
        log.warn("TLS handshake with {} failed ({}): {}; first {} bytes from the peer: \"{}\"{}", remote,
                reason.tagValue(), failure.toString(), peer.count(), peer.escaped(),
                heldBack > 0 ? " (and " + heldBack + " more " + reason.tagValue() + " failures not logged)" : "");
    }
}
