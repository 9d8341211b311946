package io.untwisted.split;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

import io.untwisted.event.Dispatcher;
import io.untwisted.event.Events;

/**
 * Accumulates a stream until a delimiter ({@code \r\n\r\n} unless told otherwise, the end of an
 * HTTP head), then uninstalls itself and drives {@link #DONE} once with the bytes before the
 * delimiter and the rest of that read after it. Install the next protocol's splitter in the
 * {@code DONE} handler and {@link Splitter#feed feed} it the rest.
 *
 * <p>Runs on the thread that drives its source's {@code LOAD}.
 *
 * <p>Limits: it never holds more than {@code maxHeadLength} plus the delimiter's length in bytes.
 * A head longer than {@code maxHeadLength} drives {@link Events#OVERFLOW}; then the splitter
 * stops and a socket source is closed.
 */
public final class AccUntil extends Splitter {

    /** The event driven once: {@code (byte[] head, byte[] rest)}. */
    public static final String DONE = "accuntil.done";

    /** The delimiter used unless told otherwise. */
    public static final String DEFAULT_DELIMITER = "\r\n\r\n";

    private final Delimiter delimiter;
    private final int maxHeadLength;
    private final int capacity;
    private byte[] pending = new byte[0];
    private int length;
    private int scanFrom;

    private AccUntil(Dispatcher source, Delimiter delimiter, int maxHeadLength) {
        super(source);
        this.delimiter = delimiter;
        this.maxHeadLength = maxHeadLength;
        this.capacity = Math.addExact(maxHeadLength, delimiter.length());
    }

    /** Installs an accumulator up to {@code \r\n\r\n} with a head of at most {@code maxHeadLength} bytes. */
    public static AccUntil install(Dispatcher source, int maxHeadLength) {
        return install(source, DEFAULT_DELIMITER, maxHeadLength);
    }

    /**
     * Installs an accumulator up to {@code delimiter} (UTF-8) with a head of at most
     * {@code maxHeadLength} bytes on {@code source}, an emitter of {@code LOAD(ByteBuffer)}.
     *
     * @throws IllegalArgumentException when the delimiter is empty or the maximum is not positive
     */
    public static AccUntil install(Dispatcher source, String delimiter, int maxHeadLength) {
        Objects.requireNonNull(delimiter, "delimiter");
        checkMax("maxHeadLength", maxHeadLength);
        AccUntil accUntil = new AccUntil(source, Delimiter.of(delimiter), maxHeadLength);
        accUntil.attach();
        return accUntil;
    }

    @Override
    public int buffered() {
        return this.length;
    }

    @Override
    void split(ByteBuffer in) {
        int take = Math.min(in.remaining(), this.capacity - this.length);
        if (this.pending.length < this.length + take) {
            this.pending = Arrays.copyOf(this.pending, Math.min(this.capacity,
                    Math.max(this.length + take, this.pending.length * 2)));
        }
        in.get(this.pending, this.length, take);
        this.length += take;
        int at = this.delimiter.indexIn(this.pending, this.scanFrom, this.length);
        if (at >= 0) {
            int end = at + this.delimiter.length();
            in.position(in.position() - (this.length - end));
            byte[] head = Arrays.copyOf(this.pending, at);
            byte[] rest = new byte[in.remaining()];
            in.get(rest);
            this.length = 0;
            uninstall();
            emit(DONE, head, rest);
            return;
        }
        if (this.length == this.capacity) {
            this.length = 0;
            overflow(new FrameTooLongException(this.capacity - this.delimiter.length() + 1L, this.maxHeadLength), true);
            return;
        }
        this.scanFrom = Math.max(0, this.length - this.delimiter.length() + 1);
    }

    @Override
    byte[] takeBuffered() {
        byte[] held = Arrays.copyOf(this.pending, this.length);
        this.length = 0;
        this.scanFrom = 0;
        this.pending = new byte[0];
        return held;
    }
}
