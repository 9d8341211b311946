package io.untwisted.net.tls;

import javax.net.ssl.SSLException;

/**
 * The peer closed its TCP connection without sending a TLS {@code close_notify}, so the bytes
 * received may have been cut short by an attacker or a crash. It is the cause of
 * {@code CLOSE(PEER, cause)}; an orderly close carries no cause. Whether a truncated stream
 * matters is the protocol's call: one that frames its own messages can ignore it.
 */
public final class TlsTruncationException extends SSLException {

    private static final long serialVersionUID = 1L;

    /** A truncation described by {@code message}. */
    public TlsTruncationException(String message) {
        super(message);
    }
}
