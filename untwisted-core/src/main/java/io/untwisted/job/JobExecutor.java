package io.untwisted.job;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.untwisted.internal.VirtualThreads;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where {@link Job}s run: one virtual thread per job on a JVM that has them (Java 21 and later),
 * otherwise a bounded pool of platform threads.
 *
 * <p>Safe from any thread. Close it when done: it stops taking jobs and waits up to
 * {@link #CLOSE_TIMEOUT} for running ones before interrupting them. Idle pool threads end
 * after {@value #KEEP_ALIVE_SECONDS} seconds, so an unused executor holds no thread.
 *
 * <p>Limits: at most {@code maxPending} jobs wait or run at once (default
 * {@value #DEFAULT_MAX_PENDING}); {@link #execute} rejects more with a
 * {@link RejectedExecutionException}, which a {@link Job} reports as its {@code ERROR}. A pool
 * runs at most its number of threads at once.
 */
public final class JobExecutor implements Executor, AutoCloseable {

    /** How many jobs may wait or run at once unless told otherwise. */
    public static final int DEFAULT_MAX_PENDING = 10_000;

    /** How long {@link #close()} waits for running jobs. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    /** How long an idle pool thread lives. */
    public static final long KEEP_ALIVE_SECONDS = 30;

    private static final Logger log = LoggerFactory.getLogger(JobExecutor.class);

    private final ExecutorService delegate;
    private final int maxPending;
    private final boolean virtual;
    private final AtomicInteger pending = new AtomicInteger();

    private JobExecutor(ExecutorService delegate, int maxPending, boolean virtual) {
        this.delegate = delegate;
        this.maxPending = maxPending;
        this.virtual = virtual;
    }

    /**
     * Virtual threads where the JVM has them, otherwise a pool of one thread per processor (at
     * least two); {@value #DEFAULT_MAX_PENDING} jobs at most.
     */
    public static JobExecutor create() {
        if (VirtualThreads.available()) {
            return virtualThreads(DEFAULT_MAX_PENDING);
        }
        return boundedPool(Math.max(2, Runtime.getRuntime().availableProcessors()), DEFAULT_MAX_PENDING);
    }

    /** Whether this JVM has virtual threads, so that {@link #virtualThreads} works. */
    public static boolean virtualThreadsAvailable() {
        return VirtualThreads.available();
    }

    /**
     * One virtual thread per job, at most {@code maxPending} jobs at once.
     *
     * @throws UnsupportedOperationException when the JVM has no virtual threads
     */
    public static JobExecutor virtualThreads(int maxPending) {
        checkPositive("maxPending", maxPending);
        return new JobExecutor(VirtualThreads.newThreadPerTaskExecutor("untwisted-job-"), maxPending, true);
    }

    /** A pool of {@code threads} daemon platform threads, at most {@code maxPending} jobs at once. */
    public static JobExecutor boundedPool(int threads, int maxPending) {
        checkPositive("threads", threads);
        checkPositive("maxPending", maxPending);
        AtomicInteger next = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "untwisted-job-" + next.getAndIncrement());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return new JobExecutor(pool, maxPending, false);
    }

    /** Whether jobs run on virtual threads. */
    public boolean usesVirtualThreads() {
        return this.virtual;
    }

    /** Jobs submitted and not finished. */
    public int pending() {
        return this.pending.get();
    }

    /** The most jobs that may wait or run at once. */
    public int maxPending() {
        return this.maxPending;
    }

    /**
     * Runs {@code task} on a job thread.
     *
     * @throws RejectedExecutionException when {@code maxPending} jobs are pending or the executor is closed
     */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (this.pending.incrementAndGet() > this.maxPending) {
            this.pending.decrementAndGet();
            throw new RejectedExecutionException("job executor is full: " + this.maxPending + " jobs pending");
        }
        try {
            this.delegate.execute(() -> {
                try {
                    task.run();
                }
                finally {
                    this.pending.decrementAndGet();
                }
            });
        }
        catch (RejectedExecutionException ex) {
            this.pending.decrementAndGet();
            throw ex;
        }
    }

    /** Stops taking jobs; waits up to {@link #CLOSE_TIMEOUT} for running ones, then interrupts them. */
    @Override
    public void close() {
        this.delegate.shutdown();
        try {
            if (!this.delegate.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} jobs still running after {}; interrupting them", this.pending.get(), CLOSE_TIMEOUT);
                this.delegate.shutdownNow();
            }
        }
        catch (InterruptedException ex) {
            this.delegate.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static void checkPositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1: " + value);
        }
    }

    @Override
    public String toString() {
        return "JobExecutor[" + (this.virtual ? "virtual threads" : "pool") + ", " + this.pending.get() + "/"
                + this.maxPending + " pending]";
    }
}
