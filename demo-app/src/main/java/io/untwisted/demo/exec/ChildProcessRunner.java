package io.untwisted.demo.exec;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import io.untwisted.process.ChildOutput;
import io.untwisted.process.ChildProcess;
import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.TimerHandle;

/**
 * Runs commands as core's {@link ChildProcess}es: straight from the argument vector, never
 * through a shell, with stdin closed at once. Output arrives on the reactor thread, split into
 * lines of at most {@code maxLineLength} bytes; the exit code comes after the last line of both
 * outputs. A command past its timeout, or whose future is cancelled, is killed with its
 * descendants. Stateless and thread-safe.
 */
public final class ChildProcessRunner implements CommandRunner {

    private final int maxLineLength;

    /** Creates a runner that splits output lines longer than {@code maxLineLength} bytes. */
    public ChildProcessRunner(int maxLineLength) {
        if (maxLineLength < 1) {
            throw new IllegalArgumentException("maxLineLength must be >= 1: " + maxLineLength);
        }
        this.maxLineLength = maxLineLength;
    }

    @Override
    public CompletableFuture<Integer> run(Reactor reactor, List<String> command, Duration timeout, LineSink out,
            LineSink err) {
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        ChildProcess child;
        try {
            child = ChildProcess.start(reactor, command, started -> {
                lines(started.stdout(), out);
                lines(started.stderr(), err);
                started.onExit(exit::complete);
            });
        }
        catch (IOException ex) {
            return CompletableFuture.failedFuture(ex);
        }
        child.stdin().close();
        TimerHandle deadline = reactor.after(timeout, () -> exit.completeExceptionally(new TimeoutException(
                String.join(" ", command) + " ran longer than " + timeout.toMillis() + " ms")));
        exit.whenComplete((code, failure) -> {
            deadline.cancel();
            if (failure != null) {
                child.kill();
            }
        });
        return exit;
    }

    private void lines(ChildOutput output, LineSink sink) {
        LineAssembler assembler = new LineAssembler(this.maxLineLength, sink);
        output.onLoad(assembler::feed);
        output.onClose(failure -> assembler.finish());
    }

    /** The cause a failed or cancelled run future reports, unwrapped. */
    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
