package io.untwisted.demo.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 */
public final class RespParser {

    private enum State { REQUEST_LINE, BULK_HEADER, BULK_BODY, BULK_CRLF }

    /** A bulk's buffer starts this small and doubles as its bytes arrive, whatever its header announced. */
    private static final int INITIAL_BULK_BUFFER = 256;

    private final RespLimits limits;
    private State state = State.REQUEST_LINE;
    private byte[] line = new byte[64];
    private int lineLength;
    private int expectedArgs;
    private List<byte[]> args;
    private long requestLength;
    private byte[] bulk;
    private int bulkLength;
    private int bulkFilled;
    private int crlfSeen;
    private boolean failed;

    /** Creates a parser bounded by {@code limits}. */
    public RespParser(RespLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
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
                    if (readLine(data, "too big inline request")) {
                        RespRequest request = requestLine();
                        if (request != null) {
                            return request;
                        }
                    }
                }
                case BULK_HEADER -> {
                    if (readLine(data, "too big bulk count string")) {
                        bulkHeader();
                    }
                }
                case BULK_BODY -> {
                    int take = Math.min(data.remaining(), this.bulkLength - this.bulkFilled);
                    if (this.bulk.length < this.bulkFilled + take) {
                        this.bulk = Arrays.copyOf(this.bulk, Math.min(this.bulkLength,
                                Math.max(this.bulkFilled + take, this.bulk.length * 2)));
                    }
                    data.get(this.bulk, this.bulkFilled, take);
                    this.bulkFilled += take;
                    if (this.bulkFilled == this.bulkLength) {
                        this.state = State.BULK_CRLF;
                        this.crlfSeen = 0;
                    }
                }
                case BULK_CRLF -> {
                    byte b = data.get();
                    if (b != (this.crlfSeen == 0 ? '\r' : '\n')) {
                        throw new RespProtocolException("expected '\\r\\n' after a bulk string");
                    }
                    if (++this.crlfSeen == 2) {
                        RespRequest request = bulkDone();
                        if (request != null) {
                            return request;
                        }
                    }
                }
                default -> throw new IllegalStateException(this.state.name());
            }
        }
        return null;
    }

    /** Appends bytes up to and including a '\n'; true once a whole line (without CR LF) is in {@code line}. */
    private boolean readLine(ByteBuffer data, String tooBig) throws RespProtocolException {
        while (data.hasRemaining()) {
            byte b = data.get();
            if (b == '\n') {
                if (this.lineLength > 0 && this.line[this.lineLength - 1] == '\r') {
                    this.lineLength--;
                }
                return true;
            }
            if (this.lineLength >= this.limits.maxInlineLength()) {
                throw new RespProtocolException(tooBig, this.lineLength + 1L, this.limits.maxInlineLength());
            }
            if (this.lineLength == this.line.length) {
                this.line = Arrays.copyOf(this.line,
                        Math.min(this.line.length * 2, this.limits.maxInlineLength() + 1));
            }
            this.line[this.lineLength++] = b;
        }
        return false;
    }

    private RespRequest requestLine() throws RespProtocolException {
        int length = this.lineLength;
        this.lineLength = 0;
        if (length > 0 && this.line[0] == '*') {
            long count = parseLong(this.line, 1, length);
            if (count == Long.MIN_VALUE) {
                throw new RespProtocolException("invalid multibulk length");
            }
            if (count > this.limits.maxArraySize()) {
                throw new RespProtocolException("invalid multibulk length", count, this.limits.maxArraySize());
            }
            if (count <= 0) {
                return null;
            }
            this.expectedArgs = (int) count;
            this.args = new ArrayList<>((int) Math.min(count, 16));
            this.requestLength = 0;
            this.state = State.BULK_HEADER;
            return null;
        }
        List<byte[]> words = InlineSplitter.split(this.line, length);
        if (this.line.length > 4096) {
            this.line = new byte[64];
        }
        return words.isEmpty() ? null : new RespRequest(words);
    }

    private void bulkHeader() throws RespProtocolException {
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
        if (size > this.limits.maxBulkLength()) {
            throw new RespProtocolException("invalid bulk length", size, this.limits.maxBulkLength());
        }
        if (this.requestLength + size > this.limits.maxRequestLength()) {
            throw new RespProtocolException("request longer than " + this.limits.maxRequestLength() + " bytes",
                    this.requestLength + size, this.limits.maxRequestLength());
        }
        this.requestLength += size;
        this.bulkLength = (int) size;
        this.bulk = new byte[(int) Math.min(size, INITIAL_BULK_BUFFER)];
        this.bulkFilled = 0;
        this.state = size == 0 ? State.BULK_CRLF : State.BULK_BODY;
        this.crlfSeen = 0;
    }

    private RespRequest bulkDone() {
        this.args.add(this.bulk);
        this.bulk = null;
        if (this.args.size() < this.expectedArgs) {
            this.state = State.BULK_HEADER;
            return null;
        }
        RespRequest request = RespRequest.adopt(this.args);
        this.args = null;
        this.state = State.REQUEST_LINE;
        return request;
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
