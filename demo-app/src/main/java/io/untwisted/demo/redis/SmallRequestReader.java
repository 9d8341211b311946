package io.untwisted.demo.redis;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The parser's shortcut for the common request: a small multi-bulk request, every header plain
 * ({@code *N} or {@code $N}, digits only, CR LF), that lies whole in the first {@value #WINDOW}
 * bytes of a read. It reads such a request from an array in one pass: a direct read's bytes are
 * first copied into a small scratch array with one bulk get, so that no byte is fetched from
 * the buffer one at a time.
 *
 * <p>Anything else (a longer request, a request cut by the end of the read, an inline request, a
 * header with a sign or too many digits, a request past a limit, a malformed one) it leaves
 * untouched for {@link RespParser}'s incremental path, which reads it byte for byte and words
 * any error: the shortcut accepts only what that path would accept, with the same result.
 *
 * <p>Not thread-safe: it belongs to one parser.
 */
final class SmallRequestReader {

    /** How many bytes of a read the shortcut looks at: small requests, such as a 16-byte SET, fit. */
    static final int WINDOW = 128;

    /** The shortest bulk, {@code $0\r\n\r\n}: bounds the argument array by the bytes present. */
    private static final int SHORTEST_BULK = 6;

    /** The most digits of a header; longer headers take the incremental path. */
    private static final int MAX_DIGITS = 9;

    private static final byte[] EMPTY = new byte[0];

    private final RespLimits limits;
    private final byte[] scratch = new byte[WINDOW];
    /** Where {@link #number} left off: the index after the header's LF. */
    private int next;

    SmallRequestReader(RespLimits limits) {
        this.limits = limits;
    }

    /**
     * The request that starts at {@code data}'s position, with {@code data} moved past it; or null,
     * with {@code data} untouched, when it is not a small plain request lying whole in the read.
     */
    RespRequest read(ByteBuffer data) {
        int start = data.position();
        int length = Math.min(data.limit() - start, WINDOW);
        if (data.get(start) != '*') {
            return null;
        }
        byte[] bytes;
        int from;
        if (data.hasArray()) {
            bytes = data.array();
            from = data.arrayOffset() + start;
        }
        else {
            bytes = this.scratch;
            from = 0;
            data.get(start, bytes, 0, length);
        }
        int end = from + length;
        long count = number(bytes, from, end, (byte) '*');
        if (count <= 0 || count > this.limits.maxArraySize() || count > (end - this.next) / SHORTEST_BULK) {
            return null;
        }
        byte[][] args = new byte[(int) count][];
        long total = 0;
        int at = this.next;
        for (int i = 0; i < args.length; i++) {
            long size = number(bytes, at, end, (byte) '$');
            if (size < 0 || size > this.limits.maxBulkLength()) {
                return null;
            }
            total += size;
            at = this.next;
            if (total > this.limits.maxRequestLength() || size > end - at - 2) {
                return null;
            }
            int after = at + (int) size;
            if (bytes[after] != '\r' || bytes[after + 1] != '\n') {
                return null;
            }
            args[i] = size == 0 ? EMPTY : Arrays.copyOfRange(bytes, at, after);
            at = after + 2;
        }
        data.position(start + (at - from));
        return RespRequest.adopt(args);
    }

    /**
     * The number of a {@code type} header at {@code bytes[at]}, ended by CR LF before {@code end},
     * with {@link #next} set past it; -1 when it is anything else.
     */
    private long number(byte[] bytes, int at, int end, byte type) {
        if (at >= end || bytes[at] != type) {
            return -1;
        }
        int i = at + 1;
        int stop = Math.min(end, i + MAX_DIGITS);
        long value = 0;
        for (; i < stop; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                break;
            }
            value = value * 10 + digit;
        }
        int digits = i - at - 1;
        // The line as the incremental path counts it: the type, the digits, the CR.
        if (digits == 0 || i + 1 >= end || bytes[i] != '\r' || bytes[i + 1] != '\n'
                || digits + 2 > this.limits.maxInlineLength()) {
            return -1;
        }
        this.next = i + 2;
        return value;
    }
}
