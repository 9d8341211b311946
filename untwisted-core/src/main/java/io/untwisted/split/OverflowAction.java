package io.untwisted.split;

/**
 * What a delimiter or length-prefix splitter does after it drove {@code OVERFLOW} for a frame over
 * its maximum.
 */
public enum OverflowAction {

    /** Stop splitting and close the source (a socket) once queued bytes are written: fail fast. */
    CLOSE,

    /**
     * Drop the oversized frame, without buffering it, and go on with the next one: resync at the
     * next delimiter, or after the announced length.
     */
    DISCARD
}
