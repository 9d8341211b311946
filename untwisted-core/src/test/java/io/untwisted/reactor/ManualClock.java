package io.untwisted.reactor;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told. */
final class ManualClock implements NanoClock {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Override
    public long nanoTime() {
        return this.now.get();
    }

    void advance(Duration by) {
        this.now.addAndGet(by.toNanos());
    }
}
