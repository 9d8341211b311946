package io.untwisted.net.tls;

import java.time.Duration;

import javax.net.ssl.SSLHandshakeException;

/** The peer did not finish the TLS handshake within the handshake timeout; the connection was reset. */
public final class TlsHandshakeTimeoutException extends SSLHandshakeException {

    private static final long serialVersionUID = 1L;

    /** The handshake did not finish within {@code timeout}. */
    public TlsHandshakeTimeoutException(Duration timeout) {
        super("the TLS handshake did not complete within " + timeout.toMillis() + " ms");
    }
}
