package io.untwisted.split;

import java.io.IOException;

/** A peer sent a frame longer than a splitter allows; the argument of {@code OVERFLOW}. */
public final class FrameTooLongException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long length;
    private final long maxFrameLength;

    /**
     * Creates the exception for a frame of at least {@code length} bytes over {@code maxFrameLength}.
     */
    public FrameTooLongException(long length, long maxFrameLength) {
        super("frame of at least " + length + " bytes exceeds the maximum of " + maxFrameLength + " bytes");
        this.length = length;
        this.maxFrameLength = maxFrameLength;
    }

    /** How long the frame was known to be when it was rejected. */
    public long length() {
        return this.length;
    }

    /** The splitter's maximum. */
    public long maxFrameLength() {
        return this.maxFrameLength;
    }
}
