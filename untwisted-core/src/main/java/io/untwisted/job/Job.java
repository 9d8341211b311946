package io.untwisted.job;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.untwisted.event.Dispatcher;
import io.untwisted.event.Events;
import io.untwisted.event.Registration;
import io.untwisted.reactor.Reactor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocking work run off the reactor, its outcome driven back on the reactor thread: {@code DONE}
 * with the result, or {@code ERROR} with what it threw (the seed's {@code Job}).
 *
 * <pre>{@code
 * Job<Integer> job = new Job<>(reactor, () -> slowSum(x, y));
 * job.onDone(sum -> client.dump(sum + "\r\n"));
 * job.start(jobs);
 * }</pre>
 *
 * <p>Handlers run on the reactor's thread. Register them before {@link #start}, or call
 * {@code start} on the reactor thread: the outcome is always handed to the reactor as a task,
 * so it never arrives before the current handler returns. {@code ERROR} carries a
 * {@code HandlerFailure} instead when a {@code DONE} handler throws.
 *
 * <p>Limits: a job holds one result; how many jobs run at once is the executor's bound. If the
 * reactor has terminated or its queue is full when the work ends, the outcome cannot be
 * delivered: it is logged (WARN) and the {@link #future()} still completes.
 */
public final class Job<T> extends Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Job.class);

    private final Reactor reactor;
    private final Callable<? extends T> work;
    private final CompletableFuture<T> future = new CompletableFuture<>();
    private final AtomicBoolean started = new AtomicBoolean();

    /** A job that will run {@code work} and report to handlers on {@code reactor}'s thread. */
    public Job(Reactor reactor, Callable<? extends T> work) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.work = Objects.requireNonNull(work, "work");
    }

    /**
     * Creates a job, lets {@code setup} register its handlers, and starts it on {@code executor}.
     */
    public static <T> Job<T> start(Reactor reactor, Executor executor, Callable<? extends T> work,
            Consumer<? super Job<T>> setup) {
        Job<T> job = new Job<>(reactor, work);
        setup.accept(job);
        return job.start(executor);
    }

    /**
     * Runs the work on {@code executor}. A rejected job drives {@code ERROR} with the
     * {@link RejectedExecutionException}.
     *
     * @throws IllegalStateException when the job was already started
     */
    public Job<T> start(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        if (!this.started.compareAndSet(false, true)) {
            throw new IllegalStateException("job already started: " + this.work);
        }
        try {
            executor.execute(this::run);
        }
        catch (RejectedExecutionException ex) {
            deliver(() -> failed(ex));
        }
        return this;
    }

    /** Calls {@code handler} with the result, on the reactor thread. */
    public Registration onDone(Consumer<? super T> handler) {
        return on(Events.DONE, e -> handler.accept(e.arg(0)));
    }

    /** Calls {@code handler} with the failure, on the reactor thread. */
    public Registration onError(Consumer<? super Throwable> handler) {
        return on(Events.ERROR, e -> handler.accept(e.arg(0)));
    }

    /**
     * The outcome as a future, completed on the reactor thread once the {@code DONE} or
     * {@code ERROR} handlers have run.
     */
    public CompletableFuture<T> future() {
        return this.future;
    }

    /** The reactor whose thread handles the outcome. */
    public Reactor reactor() {
        return this.reactor;
    }

    private void run() {
        T result;
        try {
            result = this.work.call();
        }
        catch (Throwable ex) {
            deliver(() -> failed(ex));
            if (ex instanceof VirtualMachineError error) {
                throw error;
            }
            return;
        }
        deliver(() -> succeeded(result));
    }

    private void succeeded(T result) {
        drive(Events.DONE, result);
        this.future.complete(result);
    }

    private void failed(Throwable cause) {
        drive(Events.ERROR, cause);
        this.future.completeExceptionally(cause);
    }

    private void deliver(Runnable outcome) {
        try {
            this.reactor.submit(outcome);
        }
        catch (RejectedExecutionException ex) {
            log.warn("job {}: its outcome cannot reach {}", this.work, this.reactor, ex);
            this.future.completeExceptionally(ex);
        }
    }

    @Override
    public String toString() {
        return "Job[" + this.work + "]";
    }
}
