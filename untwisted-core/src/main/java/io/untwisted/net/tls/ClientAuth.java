package io.untwisted.net.tls;

/** Whether a TLS server asks its clients for a certificate (Spring Boot's {@code client-auth} values). */
public enum ClientAuth {
    /** Clients are not asked for a certificate. */
    NONE,
    /** Clients are asked for a certificate; a client without one is still served. */
    WANT,
    /** Clients must present a certificate the server trusts, or the handshake fails. */
    NEED
}
