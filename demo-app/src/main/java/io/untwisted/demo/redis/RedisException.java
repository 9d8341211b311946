package io.untwisted.demo.redis;

/**
 * A command failed the way Redis reports failures: the message is the whole error reply line,
 * its first word the error code ({@code ERR}, {@code WRONGTYPE}, {@code OOM}).
 */
public final class RedisException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** {@code WRONGTYPE}: the key holds another kind of value. */
    public static final String WRONG_TYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

    /** Not an integer, or out of the 64-bit range. */
    public static final String NOT_AN_INTEGER = "ERR value is not an integer or out of range";

    /** Creates the failure with its reply line, code first. */
    public RedisException(String message) {
        super(message, null, false, false);
    }
}
