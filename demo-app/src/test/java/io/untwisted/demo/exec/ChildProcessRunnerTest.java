package io.untwisted.demo.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChildProcessRunnerTest {

    private final ChildProcessRunner runner = new ChildProcessRunner(200);
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        this.runner.close();
    }

    @Test
    void streamsStdoutThenCompletesWithTheExitCode() throws Exception {
        int code = this.runner.run(List.of("echo", "hello"), Duration.ofSeconds(30), this.out::add, this.err::add)
                .get(30, TimeUnit.SECONDS);
        assertThat(code).isZero();
        assertThat(this.out).containsExactly("hello");
        assertThat(this.err).isEmpty();
    }

    @Test
    void streamsStderrAndAFailingExitCode() throws Exception {
        int code = this.runner.run(List.of("ls", "/no/such/path"), Duration.ofSeconds(30), this.out::add, this.err::add)
                .get(30, TimeUnit.SECONDS);
        assertThat(code).isNotZero();
        assertThat(this.err).singleElement().asString().contains("/no/such/path");
    }

    @Test
    void argumentsReachNoShell() throws Exception {
        int code = this.runner.run(List.of("echo", "$HOME;", "`id`"), Duration.ofSeconds(30), this.out::add, this.err::add)
                .get(30, TimeUnit.SECONDS);
        assertThat(code).isZero();
        assertThat(this.out).containsExactly("$HOME; `id`");
    }

    @Test
    void splitsLongLines() throws Exception {
        try (ChildProcessRunner narrow = new ChildProcessRunner(16)) {
            narrow.run(List.of("echo", "a".repeat(40)), Duration.ofSeconds(30), this.out::add, this.err::add)
                    .get(30, TimeUnit.SECONDS);
        }
        assertThat(this.out).containsExactly("a".repeat(16), "a".repeat(16), "a".repeat(8));
    }

    @Test
    void aMissingProgramFails() {
        assertThatThrownBy(() -> this.runner.run(List.of("no-such-program-here"), Duration.ofSeconds(30),
                this.out::add, this.err::add).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void aChildPastItsTimeoutIsKilled() {
        assertThatThrownBy(() -> this.runner.run(List.of("sleep", "30"), Duration.ofMillis(200),
                this.out::add, this.err::add).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
    }
}
