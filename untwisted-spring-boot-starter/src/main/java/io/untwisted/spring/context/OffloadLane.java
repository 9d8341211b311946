package io.untwisted.spring.context;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's offloaded handler calls on a shared executor, one at a time and in the
 * order they were queued, so that a connection's events keep their order off the reactor.
 *
 * <p>{@link #execute} is safe from any thread. Limits: at most {@code maxPending} calls wait;
 * {@link #execute} rejects more, which counts as a failure of the handler.
 */
final class OffloadLane implements Executor {

    private static final Logger log = LoggerFactory.getLogger(OffloadLane.class);

    private final Executor executor;
    private final int maxPending;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    OffloadLane(Executor executor, int maxPending) {
        this.executor = executor;
        this.maxPending = maxPending;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            if (this.queue.size() >= this.maxPending) {
                throw new RejectedExecutionException("the connection has " + this.maxPending
                        + " offloaded handler calls waiting (untwisted.offload.max-pending-per-connection)");
            }
            this.queue.add(task);
            if (this.running) {
                return;
            }
            this.running = true;
        }
        try {
            this.executor.execute(this::drain);
        }
        catch (RejectedExecutionException ex) {
            synchronized (this) {
                this.queue.clear();
                this.running = false;
            }
            throw ex;
        }
    }

    private void resume() {
        synchronized (this) {
            if (this.running || this.queue.isEmpty()) {
                return;
            }
            this.running = true;
        }
        try {
            this.executor.execute(this::drain);
        }
        catch (RejectedExecutionException ex) {
            log.warn("Dropping the offloaded calls of a lane: the executor is stopped", ex);
            synchronized (this) {
                this.queue.clear();
                this.running = false;
            }
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = this.queue.poll();
                if (next == null) {
                    this.running = false;
                    return;
                }
            }
            try {
                next.run();
            }
            catch (RuntimeException ex) {
                log.warn("An offloaded task failed", ex);
            }
            catch (Error err) {
                // Hand the rest of the lane to a fresh task, so one Error does not stall the connection.
                synchronized (this) {
                    this.running = false;
                }
                resume();
                throw err;
            }
        }
    }
}
