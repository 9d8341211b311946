package io.untwisted.net;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.untwisted.internal.LogThrottle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class AcceptBackoffTest {

    private final AtomicLong now = new AtomicLong();
    private final LogThrottle throttle = new LogThrottle(Duration.ofSeconds(1), this.now::get);
    private final AcceptBackoff backoff = new AcceptBackoff(this.throttle);
    private final IOException emfile = new IOException("Too many open files");

    @Test
    void shouldDoubleThePauseUpToOneSecond() {
        assertThat(pauses(8)).containsExactly(50L, 100L, 200L, 400L, 800L, 1000L, 1000L, 1000L);
    }

    @Test
    void shouldStartAgainFromTheShortestPauseAfterASuccessfulAccept() {
        pauses(5);
        this.backoff.succeeded();
        assertThat(pauses(2)).containsExactly(50L, 100L);
    }

    @Test
    void shouldKeepCountingFailuresPastTheCap() {
        assertThat(pauses(1000)).allMatch(pause -> pause <= AcceptBackoff.MAX_MILLIS && pause > 0);
    }

    @Test
    void shouldLogAtMostOnceASecond() {
        this.backoff.failed("server", this.emfile);
        // The throttle has let the first line through; within the second, the next would be held back.
        assertThat(this.throttle.admit(AcceptBackoff.class)).isEqualTo(-1);
        this.now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(this.throttle.admit(AcceptBackoff.class)).isEqualTo(1);
    }

    private Long[] pauses(int failures) {
        Long[] pauses = new Long[failures];
        for (int i = 0; i < failures; i++) {
            pauses[i] = this.backoff.failed("server", this.emfile).toMillis();
        }
        return pauses;
    }
}
