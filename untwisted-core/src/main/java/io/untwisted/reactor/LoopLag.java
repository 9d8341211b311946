package io.untwisted.reactor;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongConsumer;

import io.untwisted.internal.LogThrottle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long a reactor's loop is kept from waiting for readiness: each turn is timed from the moment
 * it has work (the first ready channel, or the return of {@code select}) until it is ready to wait
 * again. That time is the delay every other channel of the reactor sees, so a handler that blocks
 * shows here as one long turn (Redis reports the same as {@code eventloop_duration_max}).
 *
 * <p>Each turn costs two {@code System.nanoTime()} reads and a call of the {@link #listener}, if
 * any. A turn longer than {@link #stallThreshold} logs one WARN (at most one a second per
 * reactor). The listener runs on the reactor thread and must be fast and never throw; the getters
 * are safe from any thread.
 */
public final class LoopLag {

    /** The default {@link #stallThreshold}. */
    public static final Duration DEFAULT_STALL_THRESHOLD = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(LoopLag.class);
    private static final LongConsumer NO_LISTENER = nanos -> {
    };

    private final String reactor;
    private final LogThrottle throttle;
    private volatile LongConsumer listener = NO_LISTENER;
    private volatile long stallThresholdNanos = DEFAULT_STALL_THRESHOLD.toNanos();
    private volatile long turnStart;
    private volatile long maxNanos;
    private volatile long stalls;
    private boolean inTurn;

    LoopLag(String reactor, LogThrottle throttle) {
        this.reactor = reactor;
        this.throttle = throttle;
    }

    /**
     * Calls {@code listener} with the length of every turn in nanoseconds, on the reactor thread
     * (the starter records it in {@code untwisted.reactor.loop.lag}). Replaces the previous one.
     */
    public LoopLag listener(LongConsumer listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** Turns at least this long are stalls: counted and logged at WARN. */
    public Duration stallThreshold() {
        return Duration.ofNanos(this.stallThresholdNanos);
    }

    /** Sets {@link #stallThreshold()}; must be positive. */
    public LoopLag stallThreshold(Duration threshold) {
        if (threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException("stallThreshold must be > 0: " + threshold);
        }
        this.stallThresholdNanos = threshold.toNanos();
        return this;
    }

    /** The longest turn so far, in nanoseconds. */
    public long maxNanos() {
        return this.maxNanos;
    }

    /** How many turns lasted at least {@link #stallThreshold()}. */
    public long stalls() {
        return this.stalls;
    }

    /** How long the turn running now has lasted, in nanoseconds, or 0 while the loop waits. */
    public long currentNanos() {
        long start = this.turnStart;
        return start == 0 ? 0 : Math.max(0, System.nanoTime() - start);
    }

    /** Marks the start of the turn's work, unless it has started already. Reactor thread only. */
    void workStarted() {
        if (!this.inTurn) {
            this.inTurn = true;
            long now = System.nanoTime();
            this.turnStart = now == 0 ? 1 : now;
        }
    }

    /** Marks the end of the turn. Reactor thread only. */
    void turnEnded() {
        if (!this.inTurn) {
            return;
        }
        this.inTurn = false;
        long nanos = System.nanoTime() - this.turnStart;
        this.turnStart = 0;
        if (nanos > this.maxNanos) {
            this.maxNanos = nanos;
        }
        if (nanos >= this.stallThresholdNanos) {
            this.stalls++;
            long heldBack = this.throttle.admit(LoopLag.class);
            if (heldBack >= 0) {
                log.warn("reactor {}: one turn of its loop took {} ms (stall threshold {} ms); every other "
                        + "connection of this reactor waited as long: a handler, task or timer blocks its thread{}",
                        this.reactor, nanos / 1_000_000, this.stallThresholdNanos / 1_000_000,
                        heldBack == 0 ? "" : " (" + heldBack + " more stalls not logged since the last line)");
            }
        }
        try {
            this.listener.accept(nanos);
        }
        catch (RuntimeException ex) {
            log.warn("reactor {}: the loop lag listener failed", this.reactor, ex);
        }
    }
}
