package io.untwisted.net;

import java.io.IOException;
import java.time.Duration;

import io.untwisted.internal.LogThrottle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a listening socket does when {@code accept} fails (most often "Too many open files"): it
 * stops asking for accept readiness for a while instead of retrying at once, which would spin,
 * since the pending connection keeps the socket ready. The pause starts at
 * {@value #INITIAL_MILLIS} ms and doubles with each failure in a row up to {@value #MAX_MILLIS} ms
 * (Netty pauses 1 s, Tomcat 50 ms to 1.6 s); one successful accept resets it. The listening
 * socket is never closed for it. Failures are logged at most once a second, with the count of
 * those held back.
 *
 * <p>Confined to the server's reactor thread.
 */
final class AcceptBackoff {

    /** The first pause. */
    static final long INITIAL_MILLIS = 50;

    /** The longest pause. */
    static final long MAX_MILLIS = 1000;

    private static final Logger log = LoggerFactory.getLogger(SuperServer.class);

    private final Backoff delays = new Backoff(Duration.ofMillis(INITIAL_MILLIS), Duration.ofMillis(MAX_MILLIS), 2.0, 0.0);
    private final LogThrottle throttle;
    private int failures;

    AcceptBackoff(LogThrottle throttle) {
        this.throttle = throttle;
    }

    /** An accept succeeded: the next failure pauses for the shortest time again. */
    void succeeded() {
        this.failures = 0;
    }

    /**
     * An accept failed: logs it (throttled) and tells how long to pause accepting.
     */
    Duration failed(Object server, IOException cause) {
        this.failures = Math.min(this.failures + 1, 32);
        Duration pause = this.delays.delay(this.failures, 0.0);
        long heldBack = this.throttle.admit(AcceptBackoff.class);
        if (heldBack >= 0) {
            log.warn("{}: accept failed ({}); pausing accepts for {} ms ({} more failures since the last line)",
                    server, cause.toString(), pause.toMillis(), heldBack);
        }
        return pause;
    }
}
