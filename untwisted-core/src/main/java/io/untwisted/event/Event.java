package io.untwisted.event;

/**
 * One occurrence of an event as a handler sees it: its key, the emitter that drove it, its
 * arguments (the driven ones followed by the handler's extra ones), and the controls of the
 * drive in progress.
 *
 * <p>Valid only during the handler call, and only on the thread that drives it; the dispatcher
 * reuses it for the next handler of the same drive.
 */
public final class Event {

    private final Dispatcher source;
    private final Object key;
    private Object[] args;
    private boolean stopped;
    private boolean removeRequested;

    Event(Dispatcher source, Object key) {
        this.source = source;
        this.key = key;
    }

    void prepare(Object[] args) {
        this.args = args;
        this.removeRequested = false;
    }

    boolean stopped() {
        return this.stopped;
    }

    boolean removeRequested() {
        return this.removeRequested;
    }

    /** The key of the event, as given to {@link Dispatcher#drive}. */
    public Object key() {
        return this.key;
    }

    /** The emitter that drove the event. */
    public Dispatcher source() {
        return this.source;
    }

    /** The number of arguments, extra ones included. */
    public int size() {
        return this.args.length;
    }

    /** The arguments, driven ones first, then the handler's extra ones; do not modify the array. */
    public Object[] args() {
        return this.args;
    }

    /**
     * Argument {@code index}, cast to what the caller expects.
     *
     * @throws IndexOutOfBoundsException when the event has fewer arguments
     */
    @SuppressWarnings("unchecked")
    public <T> T arg(int index) {
        return (T) this.args[index];
    }

    /**
     * Argument {@code index}, checked against {@code type}.
     *
     * @throws ClassCastException when the argument is not a {@code type}
     */
    public <T> T arg(int index, Class<T> type) {
        return type.cast(this.args[index]);
    }

    /** Stops the drive: the handlers after this one do not see this occurrence (the seed's {@code Stop}). */
    public void stop() {
        this.stopped = true;
    }

    /** Removes this handler from the dispatcher once it returns (the seed's {@code Erase}). */
    public void remove() {
        this.removeRequested = true;
    }

    @Override
    public String toString() {
        return "Event[" + this.key + " " + ArgumentSummary.describe(this.args) + "]";
    }
}
