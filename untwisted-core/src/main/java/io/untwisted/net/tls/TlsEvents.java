package io.untwisted.net.tls;

import io.untwisted.event.Registration;
import io.untwisted.net.FailureHandler;
import io.untwisted.net.SocketHandler;
import io.untwisted.net.SuperSocket;

/**
 * The events a TLS socket drives, with the seed's names ({@code SSL_ACCEPT}, {@code SSL_CONNECT},
 * ...), and typed ways to handle them.
 *
 * <p>An accepted TLS connection drives {@code ACCEPT} on its server as soon as TCP accepts it,
 * then, on the connection, {@link #SSL_ACCEPT} once the handshake succeeds or
 * {@link #SSL_ACCEPT_ERR} when it fails. A TLS client drives {@code CONNECT} when TCP connects,
 * then {@link #SSL_CONNECT} or {@link #SSL_CONNECT_ERR}. A failed handshake is always followed by
 * {@code CLOSE(ERROR, cause)} with the same cause (or {@code CLOSE(reason, null)} when the
 * application or a shutdown closed the connection first); {@code LOAD} is never driven before
 * the handshake succeeded. Like every event of a socket, these run on its reactor thread; the
 * registration methods below are safe from any thread.
 *
 * <p>The values are also the {@code event} tag of the starter's meters, so they never change.
 */
public final class TlsEvents {

    /** A server-side connection finished its TLS handshake: no arguments. */
    public static final String SSL_ACCEPT = "ssl_accept";

    /**
     * A server-side connection failed its TLS handshake, or closed before finishing it:
     * {@code (Throwable cause)}, usually a {@link javax.net.ssl.SSLException}; a
     * {@link TlsHandshakeTimeoutException} when the peer was too slow.
     */
    public static final String SSL_ACCEPT_ERR = "ssl_accept_err";

    /** A client connection finished its TLS handshake: no arguments. */
    public static final String SSL_CONNECT = "ssl_connect";

    /**
     * A client connection failed its TLS handshake (untrusted certificate, wrong host name, ...),
     * or closed before finishing it: {@code (Throwable cause)}.
     */
    public static final String SSL_CONNECT_ERR = "ssl_connect_err";

    private TlsEvents() {
    }

    /** Calls {@code handler} when the server-side handshake of {@code socket} succeeds. */
    public static Registration onSslAccept(SuperSocket socket, SocketHandler handler) {
        return socket.on(SSL_ACCEPT, e -> handler.handle(socket));
    }

    /** Calls {@code handler} when the server-side handshake of {@code socket} fails; {@code CLOSE} follows. */
    public static Registration onSslAcceptErr(SuperSocket socket, FailureHandler handler) {
        return socket.on(SSL_ACCEPT_ERR, e -> handler.failed(socket, e.arg(0)));
    }

    /** Calls {@code handler} when the client-side handshake of {@code socket} succeeds. */
    public static Registration onSslConnect(SuperSocket socket, SocketHandler handler) {
        return socket.on(SSL_CONNECT, e -> handler.handle(socket));
    }

    /** Calls {@code handler} when the client-side handshake of {@code socket} fails; {@code CLOSE} follows. */
    public static Registration onSslConnectErr(SuperSocket socket, FailureHandler handler) {
        return socket.on(SSL_CONNECT_ERR, e -> handler.failed(socket, e.arg(0)));
    }
}
