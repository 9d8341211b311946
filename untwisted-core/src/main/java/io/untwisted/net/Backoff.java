package io.untwisted.net;

import java.time.Duration;
import java.util.Objects;

/**
 * Capped exponential backoff with jitter: the delay before the next attempt after {@code n}
 * failures in a row is {@code initial * multiplier^(n-1)}, capped at {@code max}, then shortened
 * by a random part of up to {@code jitter} of it, so that many clients cut off together do not
 * come back together. Immutable and validated.
 *
 * @param initial    the delay after the first failure, {@code > 0}
 * @param max        the longest delay, {@code >= initial}
 * @param multiplier how much each failure multiplies the delay, {@code >= 1}
 * @param jitter     the largest share of a delay taken off at random, in {@code [0, 1]}
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {

    /** 100 ms, doubling up to 30 s, with up to half of each delay taken off at random. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), 2.0, 0.5);

    /** Checks the bounds. */
    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial must be > 0: " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max must be >= initial (" + initial + "): " + max);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be >= 1: " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be in [0, 1]: " + jitter);
        }
    }

    /**
     * The delay after {@code failures} failures in a row.
     *
     * @param failures how many attempts failed in a row, at least 1
     * @param random   a uniform random number in {@code [0, 1)} that picks the jitter
     */
    public Duration delay(int failures, double random) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be >= 1: " + failures);
        }
        double nanos = this.initial.toNanos() * Math.pow(this.multiplier, failures - 1);
        double capped = Math.min(nanos, this.max.toNanos());
        double jittered = capped * (1.0 - this.jitter * Math.min(Math.max(random, 0.0), 1.0));
        return Duration.ofNanos(Math.max(1, (long) jittered));
    }
}
