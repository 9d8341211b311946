package io.untwisted.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LogThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final LogThrottle throttle = new LogThrottle(Duration.ofSeconds(1), this.now::get);

    @Test
    void firstOccurrenceIsLoggedAndRepeatsWithinTheIntervalAreCounted() {
        assertThat(this.throttle.admit("boom")).isZero();
        for (int i = 0; i < 9_999; i++) {
            assertThat(this.throttle.admit("boom")).isEqualTo(-1);
        }
        this.now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(this.throttle.admit("boom")).isEqualTo(9_999);
        assertThat(this.throttle.admit("boom")).isEqualTo(-1);
    }

    @Test
    void keysAreThrottledSeparately() {
        assertThat(this.throttle.admit("a")).isZero();
        assertThat(this.throttle.admit("b")).isZero();
        assertThat(this.throttle.admit("a")).isEqualTo(-1);
    }

    @Test
    void keysBeyondTheBoundShareOneWindow() {
        for (int i = 0; i < LogThrottle.MAX_KEYS; i++) {
            assertThat(this.throttle.admit("key" + i)).isZero();
        }
        assertThat(this.throttle.admit("new-1")).isZero();
        assertThat(this.throttle.admit("new-2")).isEqualTo(-1);
        assertThat(this.throttle.admit("key0")).isEqualTo(-1);
    }
}
