package io.untwisted.internal;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets through at most one log line per key and interval, and counts the lines it held back, so a
 * peer or a handler that fails 10,000 times a second cannot flood the log.
 *
 * <p>A key names a cause (an exception type and the place that logs it), never a peer address
 * or peer data; at most {@value #MAX_KEYS} keys are tracked, the rest share one. Thread-safe.
 * Not part of the public API.
 */
public final class LogThrottle {

    /** The most keys tracked one by one. */
    public static final int MAX_KEYS = 256;

    private static final Object OTHER = new Object();

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<Object, Window> windows = new ConcurrentHashMap<>();

    /**
     * @param interval the shortest time between two lines of one key
     * @param nanoTime the clock, {@code System::nanoTime} outside tests
     */
    public LogThrottle(Duration interval, LongSupplier nanoTime) {
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** A throttle of one line per key and second, on the system clock. */
    public static LogThrottle perSecond() {
        return new LogThrottle(Duration.ofSeconds(1), System::nanoTime);
    }

    /**
     * Decides whether this occurrence of {@code key} is logged.
     *
     * @return {@code -1} when it must not be logged, otherwise how many occurrences were held back
     *         since the last line of this key (to add to the line, as in "and 42 more")
     */
    public long admit(Object key) {
        Object slot = this.windows.size() < MAX_KEYS || this.windows.containsKey(key) ? key : OTHER;
        Window window = this.windows.computeIfAbsent(slot, k -> new Window());
        return window.admit(this.nanoTime.getAsLong(), this.intervalNanos);
    }

    private static final class Window {

        private final AtomicLong suppressed = new AtomicLong();
        private long lastLogged;
        private boolean logged;

        synchronized long admit(long now, long interval) {
            if (this.logged && now - this.lastLogged < interval) {
                this.suppressed.incrementAndGet();
                return -1;
            }
            this.logged = true;
            this.lastLogged = now;
            return this.suppressed.getAndSet(0);
        }
    }
}
