package io.untwisted.reactor;

import io.untwisted.internal.LogThrottle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a {@code select} that returns with nothing to do: no ready channel, no wakeup, no task,
 * and before its timeout. An interrupted reactor thread does that on every call (the JDK selector
 * returns at once while the interrupt status is set), and so does the JDK epoll bug
 * (JDK-6427854, JDK-6527572): left alone, the loop would spin a core. The guard clears the
 * interrupt status, counts every premature return, and asks for a new selector after
 * {@value #REBUILD_THRESHOLD} in a row (Netty's {@code io.netty.selectorAutoRebuildThreshold}).
 *
 * <p>Reactor thread only, except {@link #prematureReturns()}.
 */
final class SelectGuard {

    /** Premature returns in a row after which the selector is rebuilt. */
    static final int REBUILD_THRESHOLD = 512;

    private static final Logger log = LoggerFactory.getLogger(SelectGuard.class);
    private static final long TIMER_SLACK_NANOS = 1_000_000;

    private final String reactor;
    private final LogThrottle throttle;
    private volatile long prematureReturns;
    private int inARow;

    SelectGuard(String reactor, LogThrottle throttle) {
        this.reactor = reactor;
        this.throttle = throttle;
    }

    /** Select calls that returned with nothing to do, since the reactor started. */
    long prematureReturns() {
        return this.prematureReturns;
    }

    /**
     * Looks at a blocking select that has just returned.
     *
     * @param selected   how many channels it found ready
     * @param waitNanos  how long it was allowed to wait, or a negative number for no limit
     * @param tookNanos  how long it waited
     * @param wokenUp    whether a wakeup was asked for or tasks are queued
     * @return whether the selector should be rebuilt
     */
    boolean returned(int selected, long waitNanos, long tookNanos, boolean wokenUp) {
        boolean interrupted = Thread.interrupted();
        if (interrupted && this.throttle.admit(SelectGuard.class) >= 0) {
            log.warn("reactor {}: its thread was interrupted; the interrupt is cleared and the loop goes on "
                    + "(stop a reactor with stop(), not Thread.interrupt())", this.reactor);
        }
        boolean timedOut = waitNanos >= 0 && tookNanos + TIMER_SLACK_NANOS >= waitNanos;
        if (selected > 0 || wokenUp || timedOut) {
            this.inARow = 0;
            return false;
        }
        this.prematureReturns++;
        if (++this.inARow < REBUILD_THRESHOLD || interrupted) {
            return false;
        }
        this.inARow = 0;
        log.warn("reactor {}: select returned early {} times in a row with nothing to do; rebuilding the selector",
                this.reactor, REBUILD_THRESHOLD);
        return true;
    }
}
