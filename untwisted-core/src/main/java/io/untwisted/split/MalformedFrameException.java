package io.untwisted.split;

import java.io.IOException;

/**
 * A peer sent a frame header that no valid frame can have (a negative length, say): the stream
 * cannot be resynchronised, so the splitter stops and a socket source is closed with this cause.
 *
 * <p>Unlike {@link FrameTooLongException} it is not driven as {@code OVERFLOW}: a socket source
 * reports it as the cause of {@code CLOSE(ERROR, cause)}; any other source gets it as
 * {@code ERROR(cause)}.
 */
public final class MalformedFrameException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message saying what was wrong with the header. */
    public MalformedFrameException(String message) {
        super(message);
    }
}
