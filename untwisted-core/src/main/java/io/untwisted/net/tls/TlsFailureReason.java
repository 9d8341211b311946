package io.untwisted.net.tls;

import java.io.IOException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Why a server-side TLS handshake failed, in a small fixed set: the {@code reason} tag of the
 * starter's {@code untwisted.tls.handshake.failures} meter, and the key under which handshake
 * failures are logged. Never derived from a peer's words, only from what the handshake did.
 *
 * <p>Immutable and safe from any thread.
 */
public enum TlsFailureReason {

    /** The handshake did not complete within the handshake timeout ({@link TlsHandshakeTimeoutException}). */
    TIMEOUT("timeout"),

    /** The peer's first bytes are not a TLS record: plaintext (HTTP, SMTP...), an SSLv2 hello, garbage. */
    NOT_TLS("not_tls"),

    /** A certificate was refused, by this side or by the peer (an untrusted or missing certificate). */
    CERTIFICATE("certificate"),

    /** The peer closed or reset the connection mid-handshake, or the application closed it first. */
    CLOSED("closed"),

    /**
     * The peer speaks TLS but no session could be agreed or the protocol was broken: no shared
     * protocol version or cipher suite, a malformed or oversized record or message.
     */
    PROTOCOL("protocol"),

    /** Anything else. */
    OTHER("other");

    private static final int MAX_CAUSE_DEPTH = 8;

    private final String tagValue;

    TlsFailureReason(String tagValue) {
        this.tagValue = tagValue;
    }

    /** The lower-case name used as a meter tag value: {@code timeout}, {@code not_tls}, ... */
    public String tagValue() {
        return this.tagValue;
    }

    /**
     * Classifies a failed handshake.
     *
     * @param cause the failure, or null when the application or a shutdown closed the connection
     * @param peer what the peer sent before the failure
     */
    static TlsFailureReason classify(Throwable cause, PeerBytes peer) {
        if (cause instanceof TlsHandshakeTimeoutException) {
            return TIMEOUT;
        }
        if (!peer.looksLikeTls()) {
            return NOT_TLS;
        }
        if (cause == null) {
            return CLOSED;
        }
        if (isAboutCertificates(cause)) {
            return CERTIFICATE;
        }
        if (peer.endOfStream() || cause instanceof IOException && !(cause instanceof SSLException)) {
            return CLOSED;
        }
        return cause instanceof SSLException ? PROTOCOL : OTHER;
    }

    private static boolean isAboutCertificates(Throwable cause) {
        Throwable t = cause;
        for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof CertificateException || t instanceof CertPathValidatorException
                    || t instanceof SSLPeerUnverifiedException) {
                return true;
            }
            // the JDK reports a certificate the peer refused only as an alert's name
            String message = t.getMessage();
            if (message != null && message.toLowerCase(Locale.ROOT).contains("certificate")) {
                return true;
            }
        }
        return false;
    }
}
