package io.untwisted.split;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

import io.untwisted.event.Dispatcher;
import io.untwisted.event.Events;
import io.untwisted.net.SuperSocket;

/**
 * Splits a stream at a delimiter ({@code \r\n} unless told otherwise) and drives {@link #FOUND}
 * with each frame, without the delimiter, as a {@code byte[]}.
 *
 * <p>Runs on the thread that drives its source's {@code LOAD} (a socket's reactor thread). A
 * partial frame is kept across reads and no byte is scanned twice; frames found whole in one
 * read are copied straight out of the reactor's buffer.
 *
 * <p>Limits: it never holds more than {@code maxFrameLength} plus the delimiter's length in
 * bytes. A frame longer than {@code maxFrameLength} drives {@link Events#OVERFLOW} as soon as
 * that is known (before the frame's end arrives); then, with {@link OverflowAction#CLOSE} (the
 * default), the splitter stops and a socket source is closed; with
 * {@link OverflowAction#DISCARD} the bytes up to the next delimiter are dropped and splitting
 * resumes after it.
 *
 * <p>Line endings: with the default {@code \r\n} delimiter a lone {@code \n} (or {@code \r}) is
 * never a frame boundary: it is data, part of the frame. A protocol in which such a byte must not
 * appear at all (SMTP, where lenient line endings allow message smuggling) installs a
 * {@linkplain #installStrictCrlf strict CRLF} terminator instead, which stops at a frame holding a
 * bare {@code \r} or {@code \n} with a {@link MalformedFrameException} and closes a socket
 * source.
 */
public final class Terminator extends Splitter {

    /** The event driven with each frame: {@code (byte[] frame)}. */
    public static final String FOUND = "terminator.found";

    /** The delimiter used unless told otherwise. */
    public static final String DEFAULT_DELIMITER = "\r\n";

    /** The frame maximum used unless told otherwise: 64 KiB. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 64 * 1024;

    private static final byte[] EMPTY = {};
    private static final int INITIAL_BUFFER = 256;

    private final Delimiter delimiter;
    private final int maxFrameLength;
    private final OverflowAction onOverflow;
    private final boolean strictCrlf;
    private final int capacity;
    private byte[] pending = EMPTY;
    private int length;
    private int scanFrom;
    private boolean discarding;

    private Terminator(Dispatcher source, Delimiter delimiter, int maxFrameLength, OverflowAction onOverflow,
            boolean strictCrlf) {
        super(source);
        this.delimiter = delimiter;
        this.maxFrameLength = maxFrameLength;
        this.onOverflow = onOverflow;
        this.strictCrlf = strictCrlf;
        this.capacity = Math.addExact(maxFrameLength, delimiter.length());
    }

    /** Installs a {@code \r\n} terminator with a 64 KiB maximum on {@code socket}. */
    public static Terminator install(SuperSocket socket) {
        return install(socket, DEFAULT_DELIMITER, DEFAULT_MAX_FRAME_LENGTH);
    }

    /**
     * Installs a terminator splitting at {@code delimiter} (UTF-8) with frames of at most
     * {@code maxFrameLength} bytes on {@code socket}; an oversized frame closes the connection.
     */
    public static Terminator install(SuperSocket socket, String delimiter, int maxFrameLength) {
        return install((Dispatcher) socket, delimiter, maxFrameLength, OverflowAction.CLOSE);
    }

    /**
     * Installs a terminator on any emitter of {@code LOAD(ByteBuffer)}, a child process's output
     * for example; see {@link #install(Dispatcher, String, int, OverflowAction)}.
     */
    public static Terminator install(Dispatcher source, String delimiter, int maxFrameLength) {
        return install(source, delimiter, maxFrameLength, OverflowAction.CLOSE);
    }

    /**
     * Installs a terminator splitting at {@code delimiter} (UTF-8) with frames of at most
     * {@code maxFrameLength} bytes, doing {@code onOverflow} after an oversized frame.
     *
     * @throws IllegalArgumentException when the delimiter is empty or the maximum is not positive
     */
    public static Terminator install(Dispatcher source, String delimiter, int maxFrameLength,
            OverflowAction onOverflow) {
        Objects.requireNonNull(delimiter, "delimiter");
        Objects.requireNonNull(onOverflow, "onOverflow");
        checkMax("maxFrameLength", maxFrameLength);
        Terminator terminator = new Terminator(source, Delimiter.of(delimiter), maxFrameLength, onOverflow, false);
        terminator.attach();
        return terminator;
    }

    /**
     * Installs a {@code \r\n} terminator that also rejects bare line endings: a frame holding a
     * {@code \r} or {@code \n} that is not part of a {@code \r\n} is not driven; the terminator
     * stops with a {@link MalformedFrameException} instead, whatever {@code onOverflow} says, and a
     * socket source is closed once queued bytes are written. Oversized frames are handled as
     * {@code onOverflow} says.
     *
     * @throws IllegalArgumentException when the maximum is not positive
     */
    public static Terminator installStrictCrlf(Dispatcher source, int maxFrameLength, OverflowAction onOverflow) {
        Objects.requireNonNull(onOverflow, "onOverflow");
        checkMax("maxFrameLength", maxFrameLength);
        Terminator terminator = new Terminator(source, Delimiter.of(DEFAULT_DELIMITER), maxFrameLength, onOverflow,
                true);
        terminator.attach();
        return terminator;
    }

    /** The longest frame it accepts, in bytes. */
    public int maxFrameLength() {
        return this.maxFrameLength;
    }

    /** Whether it rejects frames holding a bare {@code \r} or {@code \n}; see {@link #installStrictCrlf}. */
    public boolean isStrictCrlf() {
        return this.strictCrlf;
    }

    @Override
    public int buffered() {
        return this.length;
    }

    @Override
    void split(ByteBuffer in) {
        while (in.hasRemaining() && isActive()) {
            if (this.length == 0 && !this.discarding) {
                splitDirect(in);
            }
            else if (this.discarding) {
                discard(in);
            }
            else {
                splitBuffered(in);
            }
        }
    }

    /** Nothing is held: find the next frame in the chunk itself and copy only the frame. */
    private void splitDirect(ByteBuffer in) {
        int start = in.position();
        int at = this.delimiter.indexIn(in, start, in.limit());
        if (at >= 0) {
            in.position(at + this.delimiter.length());
            if (at - start > this.maxFrameLength) {
                oversizedWhole(at - start);
                return;
            }
            byte[] frame = new byte[at - start];
            in.get(start, frame);
            deliver(frame);
            return;
        }
        int tail = in.remaining();
        if (tail < this.capacity) {
            hold(in, tail);
            this.scanFrom = Math.max(0, this.length - this.delimiter.length() + 1);
            return;
        }
        in.position(in.limit() - (this.delimiter.length() - 1));
        hold(in, in.remaining());
        oversizedPartial(tail - this.delimiter.length() + 1);
    }

    /**
     * A partial frame is held: a delimiter may straddle the held bytes and the chunk, so the
     * first {@code delimiter - 1} bytes join the held ones before the chunk is searched itself.
     */
    private void splitBuffered(ByteBuffer in) {
        int origin = in.position();
        int held = this.length;
        hold(in, Math.min(this.delimiter.length() - 1, Math.min(in.remaining(), this.capacity - this.length)));
        int at = this.delimiter.indexIn(this.pending, this.scanFrom, this.length);
        if (at >= 0) {
            giveBack(in, at);
            byte[] frame = Arrays.copyOf(this.pending, at);
            reset();
            deliver(frame);
            return;
        }
        if (this.length < this.capacity && in.hasRemaining()) {
            at = this.delimiter.indexIn(in, origin, in.limit());
            if (at >= 0) {
                int frameLength = held + at - origin;
                in.position(at + this.delimiter.length());
                if (frameLength > this.maxFrameLength) {
                    reset();
                    oversizedWhole(frameLength);
                    return;
                }
                byte[] frame = new byte[frameLength];
                System.arraycopy(this.pending, 0, frame, 0, held);
                in.get(origin, frame, held, at - origin);
                reset();
                deliver(frame);
                return;
            }
            hold(in, Math.min(in.remaining(), this.capacity - this.length));
        }
        if (this.length == this.capacity) {
            oversizedPartial(this.length - this.delimiter.length() + 1);
            return;
        }
        this.scanFrom = Math.max(0, this.length - this.delimiter.length() + 1);
    }

    private void deliver(byte[] frame) {
        if (this.strictCrlf) {
            int bare = indexOfLineEnding(frame);
            if (bare >= 0) {
                malformed(new MalformedFrameException("bare " + (frame[bare] == '\r' ? "CR" : "LF")
                        + " at offset " + bare + " of a " + frame.length + "-byte frame in a CRLF protocol"));
                return;
            }
        }
        emit(FOUND, frame);
    }

    /** In a CRLF stream a frame never holds a whole CRLF, so any CR or LF in it is a bare one. */
    private static int indexOfLineEnding(byte[] frame) {
        for (int i = 0; i < frame.length; i++) {
            if (frame[i] == '\r' || frame[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Drops bytes up to and including the next delimiter, keeping only what may start one. */
    private void discard(ByteBuffer in) {
        hold(in, Math.min(in.remaining(), this.capacity - this.length));
        int at = this.delimiter.indexIn(this.pending, this.scanFrom, this.length);
        if (at >= 0) {
            giveBack(in, at);
            reset();
            this.discarding = false;
            return;
        }
        keepPossibleDelimiterStart();
    }

    /** The delimiter at {@code at} in the held bytes ends the frame: returns what follows it to the chunk. */
    private void giveBack(ByteBuffer in, int at) {
        in.position(in.position() - (this.length - at - this.delimiter.length()));
    }

    /** A whole frame, delimiter seen and consumed, is over the maximum; nothing of it is held. */
    private void oversizedWhole(long frameLength) {
        overflow(new FrameTooLongException(frameLength, this.maxFrameLength), this.onOverflow == OverflowAction.CLOSE);
    }

    /** The frame held so far, of at least {@code frameLength} bytes, is over the maximum and its end is unknown. */
    private void oversizedPartial(long frameLength) {
        FrameTooLongException cause = new FrameTooLongException(frameLength, this.maxFrameLength);
        if (this.onOverflow == OverflowAction.CLOSE) {
            reset();
            overflow(cause, true);
            return;
        }
        keepPossibleDelimiterStart();
        this.discarding = true;
        overflow(cause, false);
    }

    private void keepPossibleDelimiterStart() {
        int keep = Math.min(this.length, this.delimiter.length() - 1);
        System.arraycopy(this.pending, this.length - keep, this.pending, 0, keep);
        this.length = keep;
        this.scanFrom = 0;
    }

    private void hold(ByteBuffer in, int count) {
        if (this.pending.length < this.length + count) {
            int grown = Math.max(this.length + count, Math.min(Math.max(INITIAL_BUFFER, this.pending.length * 2),
                    this.capacity));
            this.pending = Arrays.copyOf(this.pending, grown);
        }
        in.get(this.pending, this.length, count);
        this.length += count;
    }

    private void reset() {
        this.length = 0;
        this.scanFrom = 0;
    }

    @Override
    byte[] takeBuffered() {
        byte[] held = this.discarding ? EMPTY : Arrays.copyOf(this.pending, this.length);
        reset();
        this.discarding = false;
        return held;
    }
}
