package io.untwisted.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.untwisted.reactor.NanoClock;

/**
 * A {@link NanoClock} that moves only when told, so that tests drive a reactor's timers by hand
 * (Netty's {@code EmbeddedChannel.advanceTimeBy}).
 *
 * <p>Safe from any thread. Time never goes backwards: {@link #advance} rejects negative steps.
 */
public final class ManualClock implements NanoClock {

    private final AtomicLong now;

    /** A clock that starts at an arbitrary positive reading. */
    public ManualClock() {
        this(1_000_000_000L);
    }

    /** A clock whose first reading is {@code startNanos}. */
    public ManualClock(long startNanos) {
        this.now = new AtomicLong(startNanos);
    }

    @Override
    public long nanoTime() {
        return this.now.get();
    }

    /**
     * Moves the clock forward by {@code step}.
     *
     * @throws IllegalArgumentException when {@code step} is negative
     */
    public void advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("step must be >= 0: " + step);
        }
        this.now.addAndGet(step.toNanos());
    }
}
