package io.untwisted.demo.redis;

import java.io.IOException;

/**
 * A client broke the RESP2 protocol or one of the parser's limits. Its message is what follows
 * {@code -ERR Protocol error: } in the reply, as Redis words it.
 */
public final class RespProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long length;
    private final long limit;

    /** Malformed input. */
    public RespProtocolException(String message) {
        this(message, -1, -1);
    }

    /** Input of (at least) {@code length} bytes or items, past a limit of {@code limit}. */
    public RespProtocolException(String message, long length, long limit) {
        super(message);
        this.length = length;
        this.limit = limit;
    }

    /** Whether a size limit (bulk length, array size, line length, request length) was passed. */
    public boolean limitExceeded() {
        return this.limit >= 0;
    }

    /** The size that passed the limit, or -1 for malformed input. */
    public long length() {
        return this.length;
    }

    /** The limit that was passed, or -1 for malformed input. */
    public long limit() {
        return this.limit;
    }
}
