package io.untwisted.process;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.untwisted.event.Dispatcher;
import io.untwisted.event.Registration;
import io.untwisted.internal.VirtualThreads;
import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.TimerHandle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child process whose pipes are emitters on a reactor (the seed's {@code expect}):
 * {@link #stdout()} and {@link #stderr()} drive {@code LOAD} per chunk and {@code CLOSE} when
 * they end, {@link #stdin()} takes bytes to send, and the process drives {@link #EXIT} with its
 * exit code.
 *
 * <pre>{@code
 * ChildProcess.start(reactor, List.of("grep", "-c", "x"), child -> {
 *     child.stdout().onLoad(data -> ...);
 *     child.onExit(code -> ...);
 * }).stdin().send("x\ny\nx\n");
 * }</pre>
 *
 * <p>The command is run as given, never through a shell; use {@link #shell(String)} to ask for
 * one. Every event is driven on the reactor thread. The pipes are blocking streams, so each is
 * served by a thread of its own (virtual where the JVM has them), plus one thread that waits for
 * the exit; none of them ever blocks the reactor, and all of them end once the child has exited
 * and its pipes are closed. {@link #terminate()}, {@link #kill()} and the getters are safe from
 * any thread.
 *
 * <p>{@code EXIT} comes after the {@code CLOSE} of both outputs, so every byte of output is seen
 * first, unless an output stays open {@link #EXIT_GRACE} after the exit (a grandchild kept the
 * pipe): then {@code EXIT} goes first. Limits: see {@link ChildOutput} and {@link ChildInput}.
 */
public final class ChildProcess extends Dispatcher implements AutoCloseable {

    /** The event driven once the child exited: {@code (Integer exitCode)}; 128 + n when killed by signal n. */
    public static final String EXIT = "process.exit";

    /** How long {@code EXIT} waits for the outputs to end after the child exited. */
    public static final Duration EXIT_GRACE = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);

    private final Reactor reactor;
    private final Process process;
    private final ChildOutput stdout;
    private final ChildOutput stderr;
    private final ChildInput stdin;
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    private final AtomicInteger liveThreads = new AtomicInteger();
    private int openOutputs = 2;
    private Integer exited;
    private TimerHandle grace;

    private ChildProcess(Reactor reactor, Process process) {
        this.reactor = reactor;
        this.process = process;
        this.stdout = new ChildOutput("stdout", this);
        this.stderr = new ChildOutput("stderr", this);
        this.stdin = new ChildInput(process.getOutputStream(), reactor, this, ChildInput.DEFAULT_MAX_PENDING_BYTES);
    }

    /**
     * Starts {@code command} (a program and its arguments, no shell) with the pipes of a new
     * {@link ProcessBuilder}; see {@link #start(Reactor, ProcessBuilder, Consumer)}.
     *
     * @throws IOException when the program cannot be started
     */
    public static ChildProcess start(Reactor reactor, List<String> command, Consumer<? super ChildProcess> setup)
            throws IOException {
        return start(reactor, new ProcessBuilder(command), setup);
    }

    /**
     * Starts the process {@code builder} describes, lets {@code setup} register handlers on the
     * calling thread, then starts reading its outputs. Redirections set on the builder are
     * honoured: an output sent elsewhere simply ends at once.
     *
     * @throws IOException when the program cannot be started
     */
    public static ChildProcess start(Reactor reactor, ProcessBuilder builder, Consumer<? super ChildProcess> setup)
            throws IOException {
        Objects.requireNonNull(reactor, "reactor");
        ChildProcess child = new ChildProcess(reactor, builder.start());
        try {
            if (setup != null) {
                setup.accept(child);
            }
        }
        catch (RuntimeException | Error ex) {
            child.kill();
            child.process.getInputStream().close();
            child.process.getErrorStream().close();
            child.stdin.processExited();
            throw ex;
        }
        child.startThreads();
        return child;
    }

    /** The command line that runs {@code script} with {@code sh -c}: the only way this class uses a shell. */
    public static List<String> shell(String script) {
        return List.of("sh", "-c", script);
    }

    /** The child's standard output. */
    public ChildOutput stdout() {
        return this.stdout;
    }

    /** The child's standard error (ends at once when the builder merged it into stdout). */
    public ChildOutput stderr() {
        return this.stderr;
    }

    /** The child's standard input. */
    public ChildInput stdin() {
        return this.stdin;
    }

    /** The child's process id. */
    public long pid() {
        return this.process.pid();
    }

    /** Whether the child still runs. */
    public boolean isAlive() {
        return this.process.isAlive();
    }

    /** The reactor whose thread drives the events. */
    public Reactor reactor() {
        return this.reactor;
    }

    /** The exit code, completed on the reactor thread right after {@link #EXIT} is driven. */
    public CompletableFuture<Integer> exitCode() {
        return this.exitCode;
    }

    /** Calls {@code handler} with the exit code, on the reactor thread. */
    public Registration onExit(Consumer<Integer> handler) {
        return on(EXIT, e -> handler.accept(e.arg(0)));
    }

    /** Asks the child and its descendants to stop (SIGTERM on Unix). */
    public void terminate() {
        // The descendants are listed before the child goes: once it has, they belong to init.
        List<ProcessHandle> descendants = this.process.descendants().collect(Collectors.toList());
        this.process.destroy();
        descendants.forEach(ProcessHandle::destroy);
    }

    /** Stops the child and its descendants at once (SIGKILL on Unix). */
    public void kill() {
        List<ProcessHandle> descendants = this.process.descendants().collect(Collectors.toList());
        this.process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    /** Kills the child if it still runs. */
    @Override
    public void close() {
        if (this.process.isAlive()) {
            kill();
        }
    }

    /** Helper threads of this child that have not ended yet. */
    int liveThreads() {
        return this.liveThreads.get();
    }

    /** Wraps {@code task} so that {@link #liveThreads()} counts the thread running it. */
    Runnable tracked(Runnable task) {
        this.liveThreads.incrementAndGet();
        return () -> {
            try {
                task.run();
            }
            finally {
                this.liveThreads.decrementAndGet();
            }
        };
    }

    private void startThreads() {
        String prefix = "untwisted-child-" + pid() + "-";
        VirtualThreads.newThread(prefix + "stdout",
                tracked(new OutputPump(this.process.getInputStream(), this.stdout, this.reactor))).start();
        VirtualThreads.newThread(prefix + "stderr",
                tracked(new OutputPump(this.process.getErrorStream(), this.stderr, this.reactor))).start();
        VirtualThreads.newThread(prefix + "exit", tracked(this::awaitExit)).start();
    }

    private void awaitExit() {
        int code;
        try {
            code = this.process.waitFor();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            log.warn("{}: interrupted while waiting for the exit; EXIT will not be driven", this);
            return;
        }
        this.stdin.processExited();
        try {
            this.reactor.execute(() -> exited(code));
        }
        catch (RejectedExecutionException ex) {
            log.warn("{}: exited with {} but the reactor refused the event", this, code, ex);
            this.exitCode.complete(code);
        }
    }

    /** An output ended; reactor thread. */
    void outputEnded() {
        this.openOutputs--;
        if (this.exited != null && this.openOutputs == 0) {
            driveExit();
        }
    }

    private void exited(int code) {
        this.exited = code;
        if (this.openOutputs == 0) {
            driveExit();
        }
        else {
            this.grace = this.reactor.after(EXIT_GRACE, this::driveExit);
        }
    }

    private void driveExit() {
        if (this.exitCode.isDone()) {
            return;
        }
        if (this.grace != null) {
            this.grace.cancel();
        }
        drive(EXIT, this.exited);
        this.exitCode.complete(this.exited);
    }

    @Override
    public String toString() {
        return "ChildProcess[" + pid() + "]";
    }
}
