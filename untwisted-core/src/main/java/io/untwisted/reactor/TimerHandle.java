package io.untwisted.reactor;

/**
 * A timer scheduled with {@link Reactor#after} or {@link Reactor#every}.
 *
 * <p>{@link #cancel()} is safe from any thread; a cancelled timer never runs again.
 */
public final class TimerHandle implements Comparable<TimerHandle> {

    private final Runnable action;
    private final long periodNanos;
    private final long sequence;
    private long deadline;
    private volatile boolean cancelled;

    TimerHandle(Runnable action, long deadline, long periodNanos, long sequence) {
        this.action = action;
        this.deadline = deadline;
        this.periodNanos = periodNanos;
        this.sequence = sequence;
    }

    /** Stops the timer; an action already running finishes. */
    public void cancel() {
        this.cancelled = true;
    }

    /** Whether {@link #cancel()} was called. */
    public boolean isCancelled() {
        return this.cancelled;
    }

    /** Whether the timer repeats. */
    public boolean isPeriodic() {
        return this.periodNanos > 0;
    }

    long deadline() {
        return this.deadline;
    }

    long periodNanos() {
        return this.periodNanos;
    }

    Runnable action() {
        return this.action;
    }

    void deadline(long deadline) {
        this.deadline = deadline;
    }

    @Override
    public int compareTo(TimerHandle other) {
        int byDeadline = Long.compare(this.deadline - other.deadline, 0);
        return byDeadline != 0 ? byDeadline : Long.compare(this.sequence, other.sequence);
    }
}
