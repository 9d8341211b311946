package io.untwisted.spring.context;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.untwisted.reactor.Reactor;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs and counts handlers that block a reactor's thread longer than a threshold, while they still
 * block: a daemon thread looks at every reactor's {@link ReactorActivity} a few times per threshold
 * and reports each blocking call once, with the reactor thread's stack.
 *
 * <p>{@link #start}/{@link #stop} are called by the lifecycle; {@link #activityOf} from any thread.
 */
final class BlockedReactorWatchdog {

    private static final Logger log = LoggerFactory.getLogger(BlockedReactorWatchdog.class);
    private static final long MIN_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Duration threshold;
    private final Map<Reactor, ReactorActivity> activities = new IdentityHashMap<>();
    private @Nullable ScheduledExecutorService timer;

    BlockedReactorWatchdog(List<Reactor> reactors, Duration threshold) {
        this.threshold = threshold;
        for (Reactor reactor : reactors) {
            this.activities.put(reactor, new ReactorActivity(reactor));
        }
    }

    /** Whether the watchdog watches at all (a threshold of zero turns it off). */
    boolean enabled() {
        return !this.threshold.isZero() && !this.threshold.isNegative();
    }

    /** The activity of {@code reactor}, or null when the watchdog is off or the reactor unknown. */
    @Nullable ReactorActivity activityOf(Reactor reactor) {
        return enabled() ? this.activities.get(reactor) : null;
    }

    synchronized void start() {
        if (!enabled() || this.timer != null) {
            return;
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "untwisted-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(MIN_PERIOD_NANOS, this.threshold.toNanos() / 4);
        timer.scheduleAtFixedRate(this::check, period, period, TimeUnit.NANOSECONDS);
        this.timer = timer;
    }

    synchronized void stop() {
        if (this.timer != null) {
            this.timer.shutdownNow();
            this.timer = null;
        }
    }

    private void check() {
        long now = System.nanoTime();
        for (ReactorActivity activity : this.activities.values()) {
            BoundHandler handler = activity.current();
            long since = activity.since();
            if (handler == null || handler != activity.current() || activity.reported(since)) {
                continue;
            }
            long blocked = now - since;
            if (blocked > this.threshold.toNanos()) {
                activity.markReported(since);
                report(activity, handler, Duration.ofNanos(blocked));
            }
        }
    }

    private void report(ReactorActivity activity, BoundHandler handler, Duration blocked) {
        BlockedReactorException where = new BlockedReactorException(activity.reactor().name());
        Thread thread = activity.thread();
        if (thread != null) {
            where.setStackTrace(thread.getStackTrace());
        }
        log.warn("Handler {} has blocked reactor {} for {} ms (threshold {} ms); move blocking work to "
                + "@OnEvent(offload = true) or a Job", handler, activity.reactor().name(), blocked.toMillis(),
                this.threshold.toMillis(), where);
        try {
            handler.instrumentation().blocked(blocked);
        }
        catch (RuntimeException ex) {
            log.warn("Counting the blocked handler {} failed", handler, ex);
        }
    }

    /** Carries the stack of a blocked reactor thread into the log; never thrown. */
    static final class BlockedReactorException extends Exception {
        private static final long serialVersionUID = 1L;

        BlockedReactorException(String reactor) {
            super("stack of reactor thread " + reactor, null, false, true);
        }
    }
}
