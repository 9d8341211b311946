package io.untwisted.demo.exec;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.untwisted.reactor.Reactor;

/** Runs one command and streams its output; {@link ChildProcessRunner} is the real one. */
public interface CommandRunner {

    /**
     * Starts {@code command} on {@code reactor}, hands each stdout and stderr line to {@code out}
     * and {@code err} (on the reactor thread or any other: callers must not assume), and completes with the exit code after the last line. The future fails
     * with the start failure, or with a {@link java.util.concurrent.TimeoutException} once the
     * command has run for {@code timeout} (it is then killed); cancelling it kills the command.
     */
    CompletableFuture<Integer> run(Reactor reactor, List<String> command, Duration timeout, LineSink out, LineSink err);
}
