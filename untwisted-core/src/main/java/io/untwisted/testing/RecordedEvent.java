package io.untwisted.testing;

import java.util.List;

/**
 * One event as a {@link RecordingHandler} saw it: its key and a copy of its arguments, the
 * handler's extra arguments included. {@code ByteBuffer} arguments are recorded as the
 * {@code byte[]} they held, because the reactor reuses its buffers.
 *
 * @param key  the event's key
 * @param args the arguments, in order; elements may be null
 */
public record RecordedEvent(Object key, List<Object> args) {

    /**
     * Argument {@code index}, cast to what the caller expects.
     *
     * @throws IndexOutOfBoundsException when the event had fewer arguments
     */
    @SuppressWarnings("unchecked")
    public <T> T arg(int index) {
        return (T) this.args.get(index);
    }
}
