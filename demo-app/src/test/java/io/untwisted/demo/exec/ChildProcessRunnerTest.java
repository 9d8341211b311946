package io.untwisted.demo.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.untwisted.reactor.Reactor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChildProcessRunnerTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private final Reactor reactor = new Reactor("runner-test");
    private final ChildProcessRunner runner = new ChildProcessRunner(200);
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        this.reactor.start();
    }

    @AfterEach
    void stop() {
        this.reactor.close();
    }

    @Test
    void streamsStdoutThenCompletesWithTheExitCode() throws Exception {
        assertThat(run(this.runner, List.of("echo", "hello"), LONG)).isZero();
        assertThat(this.out).containsExactly("hello");
        assertThat(this.err).isEmpty();
    }

    @Test
    void streamsStderrAndAFailingExitCode() throws Exception {
        assertThat(run(this.runner, List.of("ls", "/no/such/path"), LONG)).isNotZero();
        assertThat(this.err).singleElement().asString().contains("/no/such/path");
    }

    @Test
    void argumentsReachNoShell() throws Exception {
        assertThat(run(this.runner, List.of("echo", "$HOME;", "`id`"), LONG)).isZero();
        assertThat(this.out).containsExactly("$HOME; `id`");
    }

    @Test
    void stdinIsClosedSoAReaderOfItEnds() throws Exception {
        assertThat(run(this.runner, List.of("cat"), LONG)).isZero();
        assertThat(this.out).isEmpty();
    }

    @Test
    void splitsLongLinesAndKeepsALastLineWithoutNewline() throws Exception {
        run(new ChildProcessRunner(16), List.of("printf", "%s\\nend", "a".repeat(40)), LONG);
        assertThat(this.out).containsExactly("a".repeat(16), "a".repeat(16), "a".repeat(8), "end");
    }

    @Test
    void decodesUtf8() throws Exception {
        String text = new String("h\u00e9llo \u2603".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        run(this.runner, List.of("echo", text), LONG);
        assertThat(this.out).containsExactly(text);
    }

    @Test
    void aMissingProgramFails() {
        assertThatThrownBy(() -> run(this.runner, List.of("no-such-program-here"), LONG))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void aChildPastItsTimeoutIsKilled() throws Exception {
        CompletableFuture<Integer> exit = this.runner.run(this.reactor, List.of("sleep", "30"), Duration.ofMillis(200),
                this.out::add, this.err::add);
        assertThatThrownBy(() -> exit.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
        await().atMost(LONG).until(() -> ProcessHandle.current().children()
                .noneMatch(child -> child.info().command().orElse("").endsWith("sleep")));
    }

    @Test
    void cancellingKillsTheChild() throws Exception {
        CompletableFuture<Integer> exit = this.runner.run(this.reactor, List.of("sleep", "30"), LONG,
                this.out::add, this.err::add);
        await().atMost(LONG).until(() -> ProcessHandle.current().children()
                .anyMatch(child -> child.info().command().orElse("").endsWith("sleep")));
        exit.cancel(true);
        await().atMost(LONG).until(() -> ProcessHandle.current().children()
                .noneMatch(child -> child.info().command().orElse("").endsWith("sleep")));
    }

    private int run(ChildProcessRunner runner, List<String> command, Duration timeout) throws Exception {
        return runner.run(this.reactor, command, timeout, this.out::add, this.err::add).get(30, TimeUnit.SECONDS);
    }
}
