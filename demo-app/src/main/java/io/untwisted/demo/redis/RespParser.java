package io.untwisted.demo.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An incremental RESP2 request parser: inline requests ({@code PING\r\n}, words split as Redis'
 * {@code sdssplitargs} does, quotes and escapes included) and multi-bulk requests
 * ({@code *2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n}), in any chunking.
 *
 * <p>Its state survives between chunks, so every byte is looked at once, however a request is
 * split. It buffers at most one line ({@link RespLimits#maxInlineLength()}) plus the arguments of
 * one request ({@link RespLimits#maxRequestLength()}), and allocates for a bulk only as its bytes
 * arrive, so a header announcing a large bulk costs nothing until the bulk is sent (the shape of
 * CVE-2021-32675); a request past any limit, or malformed,
 * throws a {@link RespProtocolException} worded as Redis words it, after which the parser is
 * spent. Not thread-safe: one parser per connection, used on its reactor thread.
 *
 * <p>It never reads the chunk one relative get at a time. A small request that lies whole in the
 * chunk is read from an array in one pass ({@link SmallRequestReader}); otherwise a header or a
 * bulk that lies whole in the chunk is read where it lies, with absolute gets and one bulk copy,
 * and only a line split across chunks is gathered into a buffer.
 */
public final class RespParser {

    private static final int REQUEST_LINE = 0;
    private static final int BULK_HEADER = 1;
    private static final int BULK_BODY = 2;
    private static final int BULK_CRLF = 3;

    /** A bulk's buffer starts this small and doubles as its bytes arrive, whatever its header announced. */
    private static final int INITIAL_BULK_BUFFER = 256;

    /** The argument array starts this long at most and doubles as arguments arrive, whatever {@code *N} announced. */
    private static final int INITIAL_ARGS = 64;

    /** The most digits of a header read in place; more go through the line buffer and {@link #parseLong}. */
    private static final int FAST_DIGITS = 18;

    /** What {@link #header} returns when the header is not whole and plain in the chunk. */
    private static final long NOT_IN_PLACE = -1;

    private static final byte[] EMPTY = new byte[0];

    private final RespLimits limits;
    private final SmallRequestReader small;
    private int state = REQUEST_LINE;
    private byte[] line = new byte[64];
    private int lineLength;
    private byte[][] args;
    private int argCount;
    private int expectedArgs;
    private long requestLength;
    private byte[] bulk;
    private int bulkLength;
    private int bulkFilled;
    private int crlfSeen;
    private boolean failed;

    /** Creates a parser bounded by {@code limits}. */
    public RespParser(RespLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.small = new SmallRequestReader(limits);
    }

    /**
     * Consumes bytes of {@code data} up to the end of the next whole request and returns it, or
     * consumes all of {@code data} and returns null when no request is complete yet. Empty
     * requests (a blank line, {@code *0}) are skipped, as Redis skips them.
     *
     * @throws RespProtocolException when the input is not RESP2 or passes a limit
     */
    public RespRequest next(ByteBuffer data) throws RespProtocolException {
        if (this.failed) {
            throw new IllegalStateException("the parser failed before; the connection must be closed");
        }
        try {
            return parse(data);
        }
        catch (RespProtocolException ex) {
            this.failed = true;
            throw ex;
        }
    }

    private RespRequest parse(ByteBuffer data) throws RespProtocolException {
        while (data.hasRemaining()) {
            switch (this.state) {
                case REQUEST_LINE -> {
                    long count = NOT_IN_PLACE;
                    if (this.lineLength == 0) {
                        RespRequest small = this.small.read(data);
                        if (small != null) {
                            return small;
                        }
                        count = header(data, (byte) '*');
                    }
                    if (count != NOT_IN_PLACE) {
                        arrayHeader(count);
                    }
                    else if (readLine(data, "too big inline request")) {
                        RespRequest request = requestLine();
                        if (request != null) {
                            return request;
                        }
                    }
                }
                case BULK_HEADER -> {
                    long size = this.lineLength == 0 ? header(data, (byte) '$') : NOT_IN_PLACE;
                    if (size != NOT_IN_PLACE) {
                        bulkHeader(size);
                    }
                    else if (readLine(data, "too big bulk count string")) {
                        bulkHeaderLine();
                    }
                }
                case BULK_BODY -> {
                    RespRequest request = bulkBody(data);
                    if (request != null) {
                        return request;
                    }
                }
                case BULK_CRLF -> {
                    byte b = data.get();
                    if (b != (this.crlfSeen == 0 ? '\r' : '\n')) {
                        throw badCrlf();
                    }
                    if (++this.crlfSeen == 2) {
                        byte[] arg = this.bulk;
                        this.bulk = null;
                        RespRequest request = argument(arg);
                        if (request != null) {
                            return request;
                        }
                    }
                }
                default -> throw new IllegalStateException(Integer.toString(this.state));
            }
        }
        return null;
    }

    /**
     * Reads a {@code type} line of at most {@link #FAST_DIGITS} digits ended by CR LF where it lies
     * in {@code data}, consumes it and returns its number; returns {@link #NOT_IN_PLACE} and
     * consumes nothing when the line is anything else, or not whole in {@code data}, so that
     * {@link #readLine} takes it byte for byte and words any error.
     */
    private long header(ByteBuffer data, byte type) {
        int start = data.position();
        int limit = data.limit();
        if (data.get(start) != type) {
            return NOT_IN_PLACE;
        }
        int end = Math.min(limit, start + 1 + FAST_DIGITS);
        int i = start + 1;
        long value = 0;
        for (; i < end; i++) {
            int digit = data.get(i) - '0';
            if (digit < 0 || digit > 9) {
                break;
            }
            value = value * 10 + digit;
        }
        int digits = i - start - 1;
        // The line as readLine counts it: the type, the digits, the CR.
        if (digits == 0 || i + 1 >= limit || data.get(i) != '\r' || data.get(i + 1) != '\n'
                || digits + 2 > this.limits.maxInlineLength()) {
            return NOT_IN_PLACE;
        }
        data.position(i + 2);
        return value;
    }

    /** Appends bytes up to and including a '\n'; true once a whole line (without CR LF) is in {@code line}. */
    private boolean readLine(ByteBuffer data, String tooBig) throws RespProtocolException {
        int start = data.position();
        int max = this.limits.maxInlineLength();
        int room = max - this.lineLength;
        // The '\n' may come after at most `room` more bytes of line.
        int end = (int) Math.min(data.limit(), (long) start + room + 1);
        int newline = start;
        while (newline < end && data.get(newline) != '\n') {
            newline++;
        }
        if (newline == end) {
            int taken = end - start;
            if (taken > room) {
                data.position(end);
                throw new RespProtocolException(tooBig, max + 1L, max);
            }
            append(data, start, taken);
            data.position(end);
            return false;
        }
        append(data, start, newline - start);
        data.position(newline + 1);
        if (this.lineLength > 0 && this.line[this.lineLength - 1] == '\r') {
            this.lineLength--;
        }
        return true;
    }

    private void append(ByteBuffer data, int from, int count) {
        int needed = this.lineLength + count;
        if (needed > this.line.length) {
            this.line = Arrays.copyOf(this.line,
                    Math.min(Math.max(this.line.length * 2, needed), this.limits.maxInlineLength() + 1));
        }
        data.get(from, this.line, this.lineLength, count);
        this.lineLength = needed;
    }

    private RespRequest requestLine() throws RespProtocolException {
        int length = this.lineLength;
        this.lineLength = 0;
        if (length > 0 && this.line[0] == '*') {
            long count = parseLong(this.line, 1, length);
            if (count == Long.MIN_VALUE) {
                throw new RespProtocolException("invalid multibulk length");
            }
            arrayHeader(count);
            return null;
        }
        List<byte[]> words = InlineSplitter.split(this.line, length);
        if (this.line.length > 4096) {
            this.line = new byte[64];
        }
        return words.isEmpty() ? null : RespRequest.adopt(words.toArray(new byte[0][]));
    }

    private void arrayHeader(long count) throws RespProtocolException {
        if (count > this.limits.maxArraySize()) {
            throw new RespProtocolException("invalid multibulk length", count, this.limits.maxArraySize());
        }
        if (count <= 0) {
            return;
        }
        this.expectedArgs = (int) count;
        this.args = new byte[Math.min(this.expectedArgs, INITIAL_ARGS)][];
        this.argCount = 0;
        this.requestLength = 0;
        this.state = BULK_HEADER;
    }

    private void bulkHeaderLine() throws RespProtocolException {
        int length = this.lineLength;
        this.lineLength = 0;
        if (length == 0 || this.line[0] != '$') {
            String got = length == 0 ? "\\r" : new String(this.line, 0, 1, StandardCharsets.ISO_8859_1);
            throw new RespProtocolException("expected '$', got '" + got + "'");
        }
        long size = parseLong(this.line, 1, length);
        if (size == Long.MIN_VALUE || size < 0) {
            throw new RespProtocolException("invalid bulk length");
        }
        bulkHeader(size);
    }

    private void bulkHeader(long size) throws RespProtocolException {
        if (size > this.limits.maxBulkLength()) {
            throw new RespProtocolException("invalid bulk length", size, this.limits.maxBulkLength());
        }
        if (this.requestLength + size > this.limits.maxRequestLength()) {
            throw new RespProtocolException("request longer than " + this.limits.maxRequestLength() + " bytes",
                    this.requestLength + size, this.limits.maxRequestLength());
        }
        this.requestLength += size;
        this.bulkLength = (int) size;
        this.bulkFilled = 0;
        this.crlfSeen = 0;
        if (size == 0) {
            this.bulk = EMPTY;
            this.state = BULK_CRLF;
        }
        else {
            // Allocated as the bytes arrive (bulkBody), never from the header's word alone.
            this.bulk = null;
            this.state = BULK_BODY;
        }
    }

    /** Takes what {@code data} holds of the bulk; the request, when this bulk was its last word and came whole. */
    private RespRequest bulkBody(ByteBuffer data) throws RespProtocolException {
        int start = data.position();
        int available = data.limit() - start;
        int length = this.bulkLength;
        if (this.bulk == null && available - 2 >= length) {
            // The whole bulk and its CR LF are here: one copy into an array of the exact size.
            if (data.get(start + length) != '\r' || data.get(start + length + 1) != '\n') {
                throw badCrlf();
            }
            byte[] arg = new byte[length];
            data.get(start, arg, 0, length);
            data.position(start + length + 2);
            return argument(arg);
        }
        int take = Math.min(available, length - this.bulkFilled);
        if (this.bulk == null) {
            this.bulk = new byte[Math.min(length, Math.max(take, INITIAL_BULK_BUFFER))];
        }
        else if (this.bulk.length < this.bulkFilled + take) {
            this.bulk = Arrays.copyOf(this.bulk, Math.min(length,
                    Math.max(this.bulkFilled + take, this.bulk.length * 2)));
        }
        data.get(start, this.bulk, this.bulkFilled, take);
        data.position(start + take);
        this.bulkFilled += take;
        if (this.bulkFilled == length) {
            this.state = BULK_CRLF;
        }
        return null;
    }

    /** Adds a whole argument; the request once it was the last one, else null. */
    private RespRequest argument(byte[] arg) {
        if (this.argCount == this.args.length) {
            this.args = Arrays.copyOf(this.args, Math.min(this.expectedArgs, this.args.length * 2));
        }
        this.args[this.argCount++] = arg;
        if (this.argCount < this.expectedArgs) {
            this.state = BULK_HEADER;
            return null;
        }
        RespRequest request = RespRequest.adopt(this.args);
        this.args = null;
        this.state = REQUEST_LINE;
        return request;
    }

    private static RespProtocolException badCrlf() {
        return new RespProtocolException("expected '\\r\\n' after a bulk string");
    }

    /** Parses a signed decimal like Redis' {@code string2ll}; {@code Long.MIN_VALUE} when it is not one. */
    static long parseLong(byte[] bytes, int from, int to) {
        if (from >= to || to - from > 20) {
            return Long.MIN_VALUE;
        }
        boolean negative = bytes[from] == '-';
        int i = negative ? from + 1 : from;
        if (i >= to) {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (; i < to; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                return Long.MIN_VALUE;
            }
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return Long.MIN_VALUE;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }
}
