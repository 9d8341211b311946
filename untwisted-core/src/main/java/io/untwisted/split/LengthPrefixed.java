package io.untwisted.split;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

import io.untwisted.event.Dispatcher;
import io.untwisted.event.Events;

/**
 * Splits a stream of length-prefixed frames (a big-endian length of 1, 2 or 4 bytes, then that
 * many bytes) and drives {@link #FOUND} with each frame, without its header, as a
 * {@code byte[]}. {@link #encode} builds such frames. A 1- or 2-byte length is unsigned; a 4-byte
 * length is a signed {@code int}, as Java writes it, so a header with its top bit set (a
 * negative length) is malformed: the splitter stops with a {@link MalformedFrameException}
 * whatever its {@link OverflowAction}, and a socket source is closed.
 *
 * <p>Runs on the thread that drives its source's {@code LOAD}. Frames found whole in one read
 * are copied straight out of it; a partial frame grows as its bytes arrive, never to more than
 * the announced length.
 *
 * <p>Limits: it never holds or allocates more than {@code maxFrameLength} bytes plus the header,
 * whatever a header announces: a frame's buffer grows with the bytes that arrive, never past the
 * announced length. A header announcing more than {@code maxFrameLength} drives
 * {@link Events#OVERFLOW} at once, before any of the frame is read; then, with {@link OverflowAction#CLOSE} (the default), the splitter
 * stops and a socket source is closed; with {@link OverflowAction#DISCARD} the announced bytes
 * are skipped unbuffered and splitting resumes after them.
 */
public final class LengthPrefixed extends Splitter {

    /** The event driven with each frame: {@code (byte[] frame)}. */
    public static final String FOUND = "length_prefixed.found";

    private static final byte[] EMPTY = {};

    private final int headerLength;
    private final int maxFrameLength;
    private final OverflowAction onOverflow;
    private int headerRead;
    private long announced;
    private int expected = -1;
    private byte[] frame = EMPTY;
    private int filled;
    private long skipping;

    private LengthPrefixed(Dispatcher source, int headerLength, int maxFrameLength, OverflowAction onOverflow) {
        super(source);
        this.headerLength = headerLength;
        this.maxFrameLength = maxFrameLength;
        this.onOverflow = onOverflow;
    }

    /**
     * Installs a splitter of frames with a {@code headerLength}-byte length prefix and at most
     * {@code maxFrameLength} bytes each on {@code source}; an oversized frame closes a socket.
     */
    public static LengthPrefixed install(Dispatcher source, int headerLength, int maxFrameLength) {
        return install(source, headerLength, maxFrameLength, OverflowAction.CLOSE);
    }

    /**
     * Installs a splitter of frames with a {@code headerLength}-byte length prefix and at most
     * {@code maxFrameLength} bytes each, doing {@code onOverflow} after an oversized frame.
     *
     * @throws IllegalArgumentException when {@code headerLength} is not 1, 2 or 4, or the maximum
     *                                  is not positive
     */
    public static LengthPrefixed install(Dispatcher source, int headerLength, int maxFrameLength,
            OverflowAction onOverflow) {
        checkHeaderLength(headerLength);
        checkMax("maxFrameLength", maxFrameLength);
        Objects.requireNonNull(onOverflow, "onOverflow");
        LengthPrefixed splitter = new LengthPrefixed(source, headerLength, maxFrameLength, onOverflow);
        splitter.attach();
        return splitter;
    }

    /**
     * Builds one frame: {@code payload} behind its {@code headerLength}-byte big-endian length.
     *
     * @throws IllegalArgumentException when the header cannot hold the payload's length
     */
    public static byte[] encode(int headerLength, byte[] payload) {
        checkHeaderLength(headerLength);
        long limit = headerLength == 4 ? Integer.MAX_VALUE : (1L << (8 * headerLength)) - 1;
        if (payload.length > limit) {
            throw new IllegalArgumentException("a " + headerLength + "-byte header cannot announce "
                    + payload.length + " bytes; the most is " + limit);
        }
        byte[] framed = new byte[headerLength + payload.length];
        for (int i = 0; i < headerLength; i++) {
            framed[i] = (byte) (payload.length >>> (8 * (headerLength - 1 - i)));
        }
        System.arraycopy(payload, 0, framed, headerLength, payload.length);
        return framed;
    }

    /** The longest frame it accepts, in bytes, header excluded. */
    public int maxFrameLength() {
        return this.maxFrameLength;
    }

    @Override
    public int buffered() {
        return this.headerRead + this.filled;
    }

    @Override
    void split(ByteBuffer in) {
        while (in.hasRemaining() && isActive()) {
            if (this.skipping > 0) {
                int skip = (int) Math.min(this.skipping, in.remaining());
                in.position(in.position() + skip);
                this.skipping -= skip;
            }
            else if (this.expected < 0) {
                readHeader(in);
            }
            else {
                readPayload(in);
            }
        }
    }

    private void readHeader(ByteBuffer in) {
        while (this.headerRead < this.headerLength && in.hasRemaining()) {
            this.announced = (this.announced << 8) | (in.get() & 0xFF);
            this.headerRead++;
        }
        if (this.headerRead < this.headerLength) {
            return;
        }
        long length = this.announced;
        this.headerRead = 0;
        this.announced = 0;
        if (length > Integer.MAX_VALUE) {
            malformed(new MalformedFrameException("a 4-byte length header must be a non-negative int: "
                    + (int) length));
            return;
        }
        if (length > this.maxFrameLength) {
            FrameTooLongException cause = new FrameTooLongException(length, this.maxFrameLength);
            if (this.onOverflow == OverflowAction.DISCARD) {
                this.skipping = length;
            }
            overflow(cause, this.onOverflow == OverflowAction.CLOSE);
            return;
        }
        if (length == 0) {
            emit(FOUND, (Object) EMPTY.clone());
            return;
        }
        this.expected = (int) length;
    }

    private void readPayload(ByteBuffer in) {
        if (this.filled == 0 && in.remaining() >= this.expected) {
            byte[] whole = new byte[this.expected];
            in.get(whole);
            this.expected = -1;
            emit(FOUND, (Object) whole);
            return;
        }
        int take = Math.min(this.expected - this.filled, in.remaining());
        if (this.frame.length < this.filled + take) {
            this.frame = Arrays.copyOf(this.frame, Math.min(this.expected,
                    Math.max(this.filled + take, this.frame.length * 2)));
        }
        in.get(this.frame, this.filled, take);
        this.filled += take;
        if (this.filled == this.expected) {
            byte[] whole = this.frame.length == this.expected ? this.frame : Arrays.copyOf(this.frame, this.expected);
            this.frame = EMPTY;
            this.filled = 0;
            this.expected = -1;
            emit(FOUND, (Object) whole);
        }
    }

    @Override
    byte[] takeBuffered() {
        byte[] held = new byte[this.headerRead + this.filled];
        for (int i = 0; i < this.headerRead; i++) {
            held[i] = (byte) (this.announced >>> (8 * (this.headerRead - 1 - i)));
        }
        if (this.expected >= 0) {
            byte[] header = new byte[this.headerLength];
            for (int i = 0; i < this.headerLength; i++) {
                header[i] = (byte) (this.expected >>> (8 * (this.headerLength - 1 - i)));
            }
            held = new byte[this.headerLength + this.filled];
            System.arraycopy(header, 0, held, 0, this.headerLength);
            System.arraycopy(this.frame, 0, held, this.headerLength, this.filled);
        }
        this.headerRead = 0;
        this.announced = 0;
        this.expected = -1;
        this.frame = EMPTY;
        this.filled = 0;
        this.skipping = 0;
        return held;
    }

    private static void checkHeaderLength(int headerLength) {
        if (headerLength != 1 && headerLength != 2 && headerLength != 4) {
            throw new IllegalArgumentException("headerLength must be 1, 2 or 4: " + headerLength);
        }
    }
}
