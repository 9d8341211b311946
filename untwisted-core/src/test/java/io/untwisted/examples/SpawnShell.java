package io.untwisted.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.untwisted.process.ChildProcess;
import io.untwisted.reactor.Reactor;
import io.untwisted.split.Accumulator;

/**
 * The seed's spawn_process demo: starts {@code sh}, sends it a script on stdin, and reads its
 * stdout and stderr as events ({@link Accumulator}s keep the whole of each) until it exits.
 * Run: {@code SpawnShell}.
 */
public final class SpawnShell {

    /** What the shell wrote and how it ended. */
    public record Outcome(String stdout, String stderr, int exitCode) {
    }

    private static final int MAX_OUTPUT = 1024 * 1024;

    private SpawnShell() {
    }

    /** Runs {@code script} in {@code sh}, fed through its stdin; completes once the shell exited. */
    public static CompletableFuture<Outcome> run(Reactor reactor, String script) throws IOException {
        CompletableFuture<byte[]> stdout = new CompletableFuture<>();
        CompletableFuture<byte[]> stderr = new CompletableFuture<>();
        ChildProcess child = ChildProcess.start(reactor, List.of("sh"), c -> {
            Accumulator.install(c.stdout(), MAX_OUTPUT);
            Accumulator.install(c.stderr(), MAX_OUTPUT);
            c.stdout().on(Accumulator.DONE, e -> stdout.complete(e.arg(0)));
            c.stderr().on(Accumulator.DONE, e -> stderr.complete(e.arg(0)));
        });
        child.stdin().send(script);
        child.stdin().close();
        return child.exitCode().thenCombine(stdout.thenCombine(stderr, List::of), (code, outputs) -> new Outcome(
                new String(outputs.get(0), StandardCharsets.UTF_8), new String(outputs.get(1), StandardCharsets.UTF_8),
                code));
    }

    public static void main(String[] args) throws Exception {
        try (Reactor reactor = new Reactor("spawn")) {
            reactor.start();
            Outcome outcome = run(reactor, "echo hello world\nls /no/such/directory\nexit 3\n").join();
            System.out.print("Stdout data: " + outcome.stdout());
            System.out.print("Stderr data: " + outcome.stderr());
            System.out.println("Exit code: " + outcome.exitCode());
        }
    }
}
