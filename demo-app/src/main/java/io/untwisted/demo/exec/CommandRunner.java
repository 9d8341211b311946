package io.untwisted.demo.exec;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs one command and streams its output; {@link ChildProcessRunner} is the real one. */
public interface CommandRunner {

    /**
     * Starts {@code command}, hands each stdout and stderr line to {@code out} and {@code err}
     * (from any thread), and completes with the exit code after the last line; cancelling the
     * future stops the command.
     */
    CompletableFuture<Integer> run(List<String> command, Duration timeout, LineSink out, LineSink err);
}
