package io.untwisted.spring.context;

import io.untwisted.reactor.Reactor;

import org.jspecify.annotations.Nullable;

/**
 * What one reactor's thread is running right now, as far as handlers go: written by the reactor
 * thread around each handler call, read by the {@link BlockedReactorWatchdog}.
 *
 * <p>{@link #enter}/{@link #exit} are called on the reactor thread only (they nest when a handler
 * drives another event synchronously); the getters from the watchdog thread.
 */
final class ReactorActivity {

    private final Reactor reactor;
    private volatile @Nullable Thread thread;
    private volatile @Nullable BoundHandler current;
    private volatile long since;
    private long reportedSince;

    ReactorActivity(Reactor reactor) {
        this.reactor = reactor;
    }

    Reactor reactor() {
        return this.reactor;
    }

    /** Marks {@code handler} as running since {@code now}; returns the handler it interrupts, if any. */
    @Nullable BoundHandler enter(BoundHandler handler, long now) {
        if (this.thread == null) {
            this.thread = Thread.currentThread();
        }
        BoundHandler previous = this.current;
        // since is written before current, so that whoever sees the new handler sees its start
        this.since = now;
        this.current = handler;
        return previous;
    }

    /** Marks the call that {@link #enter} began as over, resuming {@code previous} (started at {@code previousSince}). */
    void exit(@Nullable BoundHandler previous, long previousSince) {
        this.current = previous;
        this.since = previousSince;
    }

    long since() {
        return this.since;
    }

    @Nullable BoundHandler current() {
        return this.current;
    }

    @Nullable Thread thread() {
        return this.thread;
    }

    /** Whether the call that started at {@code since} was reported already; watchdog thread only. */
    boolean reported(long since) {
        return this.reportedSince == since;
    }

    void markReported(long since) {
        this.reportedSince = since;
    }
}
