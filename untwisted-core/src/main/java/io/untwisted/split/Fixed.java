package io.untwisted.split;

import java.nio.ByteBuffer;
import java.util.Arrays;

import io.untwisted.event.Dispatcher;

/**
 * Splits a stream into frames of exactly {@code size} bytes and drives {@link #FOUND} with each,
 * as a {@code byte[]}.
 *
 * <p>Runs on the thread that drives its source's {@code LOAD}. A short read is kept until the
 * frame is complete; whole frames in one read are copied straight out of it.
 *
 * <p>Limits: the frame size is its maximum; it never holds more than {@code size - 1} bytes
 * between reads, so it cannot overflow.
 */
public final class Fixed extends Splitter {

    /** The event driven with each frame: {@code (byte[] frame)}. */
    public static final String FOUND = "fixed.found";

    private final int size;
    private byte[] pending;
    private int length;

    private Fixed(Dispatcher source, int size) {
        super(source);
        this.size = size;
    }

    /**
     * Installs a splitter of {@code size}-byte frames on {@code source}, an emitter of
     * {@code LOAD(ByteBuffer)}.
     *
     * @throws IllegalArgumentException when {@code size} is not positive
     */
    public static Fixed install(Dispatcher source, int size) {
        checkMax("size", size);
        Fixed fixed = new Fixed(source, size);
        fixed.attach();
        return fixed;
    }

    /** The size of every frame. */
    public int size() {
        return this.size;
    }

    @Override
    public int buffered() {
        return this.length;
    }

    @Override
    void split(ByteBuffer in) {
        while (in.hasRemaining() && isActive()) {
            if (this.length == 0 && in.remaining() >= this.size) {
                byte[] frame = new byte[this.size];
                in.get(frame);
                emit(FOUND, frame);
                continue;
            }
            if (this.pending == null) {
                this.pending = new byte[this.size];
            }
            int take = Math.min(this.size - this.length, in.remaining());
            in.get(this.pending, this.length, take);
            this.length += take;
            if (this.length == this.size) {
                byte[] frame = this.pending;
                this.pending = null;
                this.length = 0;
                emit(FOUND, frame);
            }
        }
    }

    @Override
    byte[] takeBuffered() {
        byte[] held = this.pending == null ? new byte[0] : Arrays.copyOf(this.pending, this.length);
        this.pending = null;
        this.length = 0;
        return held;
    }
}
