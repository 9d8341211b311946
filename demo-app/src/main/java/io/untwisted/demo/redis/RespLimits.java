package io.untwisted.demo.redis;

/**
 * The bounds of the RESP parser: no request makes it buffer more than
 * {@code maxRequestLength} bytes of arguments, nor a line longer than {@code maxInlineLength}.
 *
 * @param maxBulkLength    the longest bulk string (one argument), in bytes
 * @param maxArraySize     the most arguments in one multi-bulk request
 * @param maxInlineLength  the longest line (an inline request, or a {@code *}/{@code $} header), in bytes
 * @param maxRequestLength the most argument bytes in one request
 */
public record RespLimits(int maxBulkLength, int maxArraySize, int maxInlineLength, long maxRequestLength) {

    /** 1 MiB bulks, 64 Ki arguments, 64 KiB lines (Redis' own inline limit), 16 MiB requests. */
    public static final RespLimits DEFAULT = new RespLimits(1024 * 1024, 64 * 1024, 64 * 1024, 16L * 1024 * 1024);

    /** Checks that every bound is positive. */
    public RespLimits {
        if (maxBulkLength < 0 || maxArraySize < 1 || maxInlineLength < 16 || maxRequestLength < 1) {
            throw new IllegalArgumentException("RESP limits must be positive (inline length at least 16): "
                    + maxBulkLength + ", " + maxArraySize + ", " + maxInlineLength + ", " + maxRequestLength);
        }
    }
}
