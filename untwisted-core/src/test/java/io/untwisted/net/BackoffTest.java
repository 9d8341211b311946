package io.untwisted.net;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BackoffTest {

    @Test
    void growsExponentiallyUpToItsCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(700), 2.0, 0.0);

        assertThat(backoff.delay(1, 0.9)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(2, 0.9)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delay(3, 0.9)).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.delay(4, 0.9)).isEqualTo(Duration.ofMillis(700));
        assertThat(backoff.delay(1000, 0.9)).isEqualTo(Duration.ofMillis(700));
    }

    @Test
    void jitterTakesOffAtMostItsShare() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 2.0, 0.5);

        assertThat(backoff.delay(1, 0.0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delay(1, 0.5)).isEqualTo(Duration.ofMillis(750));
        assertThat(backoff.delay(1, 0.999_999)).isGreaterThan(Duration.ofMillis(500));
    }

    @Test
    void checksItsBounds() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 2, 0))
                .withMessage("initial must be > 0: PT0S");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0))
                .withMessageStartingWith("max must be >= initial");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5, 0))
                .withMessage("multiplier must be >= 1: 0.5");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 1.5))
                .withMessage("jitter must be in [0, 1]: 1.5");
        assertThatIllegalArgumentException().isThrownBy(() -> Backoff.DEFAULT.delay(0, 0));
    }
}
