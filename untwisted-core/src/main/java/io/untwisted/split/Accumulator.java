package io.untwisted.split;

import java.nio.ByteBuffer;
import java.util.Arrays;

import io.untwisted.event.Dispatcher;
import io.untwisted.event.Events;

/**
 * Accumulates everything a source reads until it closes, then drives {@link #DONE} once with all
 * of it: a whole response on a connection the peer closes, a child process's whole output.
 *
 * <p>Runs on the thread that drives its source's {@code LOAD}; {@link #data()} too.
 *
 * <p>Limits: it never holds more than {@code maxLength} bytes. A source that sends more drives
 * {@link Events#OVERFLOW}; then the accumulator stops (no {@code DONE}) and a socket source is
 * closed.
 */
public final class Accumulator extends Splitter {

    /** The event driven when the source closes: {@code (byte[] data)}. */
    public static final String DONE = "accumulator.done";

    private final int maxLength;
    private byte[] data = new byte[0];
    private int length;

    private Accumulator(Dispatcher source, int maxLength) {
        super(source);
        this.maxLength = maxLength;
    }

    /**
     * Installs an accumulator of at most {@code maxLength} bytes on {@code source}, an emitter
     * of {@code LOAD(ByteBuffer)} and {@code CLOSE}. Install it before other {@code CLOSE}
     * handlers so that they see {@code DONE} first.
     *
     * @throws IllegalArgumentException when the maximum is not positive
     */
    public static Accumulator install(Dispatcher source, int maxLength) {
        checkMax("maxLength", maxLength);
        Accumulator accumulator = new Accumulator(source, maxLength);
        accumulator.attach();
        accumulator.listen(Events.CLOSE, e -> accumulator.sourceClosed());
        return accumulator;
    }

    /** A copy of what it accumulated so far. */
    public byte[] data() {
        return Arrays.copyOf(this.data, this.length);
    }

    @Override
    public int buffered() {
        return this.length;
    }

    @Override
    void split(ByteBuffer in) {
        long total = (long) this.length + in.remaining();
        if (total > this.maxLength) {
            overflow(new FrameTooLongException(total, this.maxLength), true);
            return;
        }
        if (this.data.length < total) {
            this.data = Arrays.copyOf(this.data, (int) Math.min(this.maxLength,
                    Math.max(total, this.data.length * 2L)));
        }
        int count = in.remaining();
        in.get(this.data, this.length, count);
        this.length += count;
    }

    private void sourceClosed() {
        byte[] all = takeBuffered();
        uninstall();
        emit(DONE, (Object) all);
    }

    @Override
    byte[] takeBuffered() {
        byte[] held = Arrays.copyOf(this.data, this.length);
        this.data = new byte[0];
        this.length = 0;
        return held;
    }
}
