package io.untwisted.examples;

import java.util.concurrent.TimeUnit;

import io.untwisted.reactor.Reactor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpawnShellTest {

    @Test
    void readsTheShellsStdoutAndStderrAndItsExitCode() throws Exception {
        try (Reactor reactor = new Reactor("spawn")) {
            reactor.start();

            SpawnShell.Outcome outcome = SpawnShell.run(reactor, "echo hello world\nls /no/such/directory\nexit 3\n")
                    .get(30, TimeUnit.SECONDS);

            assertThat(outcome.stdout()).isEqualTo("hello world\n");
            assertThat(outcome.stderr()).contains("/no/such/directory");
            assertThat(outcome.exitCode()).isEqualTo(3);
        }
    }
}
