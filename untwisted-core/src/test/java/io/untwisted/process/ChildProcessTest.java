package io.untwisted.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.untwisted.event.Events;
import io.untwisted.reactor.Reactor;
import io.untwisted.split.Terminator;
import io.untwisted.testing.RecordingHandler;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ChildProcessTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private Reactor reactor;

    @BeforeEach
    void start() {
        this.reactor = new Reactor("child-reactor");
        this.reactor.start();
    }

    @AfterEach
    void stop() {
        this.reactor.close();
    }

    @Test
    void outputsDriveLoadThenCloseAndExitComesLastWithTheCode() throws Exception {
        RecordingHandler recorder = new RecordingHandler();
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        ChildProcess child = ChildProcess.start(this.reactor,
                ChildProcess.shell("echo hello; echo oops >&2; exit 3"), c -> {
                    for (Object event : List.of(Events.LOAD, Events.CLOSE)) {
                        c.stdout().on(event, recorder, "stdout");
                        c.stderr().on(event, recorder, "stderr");
                    }
                    c.on(ChildProcess.EXIT, recorder);
                    c.on(ChildProcess.EXIT, e -> threads.add(Thread.currentThread().getName()));
                    c.stdout().on(Events.LOAD, e -> threads.add(Thread.currentThread().getName()));
                });

        assertThat(child.exitCode().get(30, TimeUnit.SECONDS)).isEqualTo(3);

        assertThat(text(recorder, "stdout")).isEqualTo("hello\n");
        assertThat(text(recorder, "stderr")).isEqualTo("oops\n");
        List<Object> keys = recorder.keys();
        assertThat(keys.get(keys.size() - 1)).isEqualTo(ChildProcess.EXIT);
        assertThat(recorder.events(Events.CLOSE)).hasSize(2).allSatisfy(close -> assertThat(close.args().get(0)).isNull());
        assertThat(threads).containsOnly("child-reactor");
    }

    @Test
    void anInteractiveShellReadsWhatStdinSends() throws Exception {
        StringBuilder out = new StringBuilder();
        ChildProcess child = ChildProcess.start(this.reactor, List.of("sh"),
                c -> c.stdout().onLoad(data -> out.append(UTF_8.decode(data))));

        child.stdin().send("echo hi from sh\n");
        child.stdin().send("exit 4\n");

        assertThat(child.exitCode().get(30, TimeUnit.SECONDS)).isEqualTo(4);
        assertThat(out).hasToString("hi from sh\n");
    }

    @Test
    void catGivesBackEveryByteInOrderBothWaysBounded() throws Exception {
        byte[] data = new byte[300_000];
        new SplittableRandom(3).nextBytes(data);
        ByteArrayOutputStream echoed = new ByteArrayOutputStream();
        List<Integer> chunkSizes = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> dumped = new CompletableFuture<>();
        ChildProcess child = ChildProcess.start(this.reactor, List.of("cat"), c -> {
            c.stdout().onLoad(chunk -> {
                chunkSizes.add(chunk.remaining());
                byte[] bytes = new byte[chunk.remaining()];
                chunk.get(bytes);
                echoed.writeBytes(bytes);
            });
            c.stdin().on(Events.DUMPED, e -> dumped.complete(null));
        });

        for (int at = 0; at < data.length; at += 50_000) {
            child.stdin().send(Arrays.copyOfRange(data, at, at + 50_000));
        }
        child.stdin().close();

        assertThat(child.exitCode().get(30, TimeUnit.SECONDS)).isZero();
        assertThat(echoed.toByteArray()).isEqualTo(data);
        assertThat(chunkSizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(ChildOutput.CHUNK_SIZE));
        dumped.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aFastChildIsReadWholeWithoutFloodingTheReactor() throws Exception {
        long[] total = new long[1];
        ChildProcess child = ChildProcess.start(this.reactor, List.of("head", "-c", "5000000", "/dev/zero"),
                c -> c.stdout().onLoad(chunk -> total[0] += chunk.remaining()));

        assertThat(child.exitCode().get(30, TimeUnit.SECONDS)).isZero();
        assertThat(total[0]).isEqualTo(5_000_000);
        assertThat(this.reactor.pendingTasks()).isLessThanOrEqualTo(2 * ChildOutput.MAX_CHUNKS_IN_FLIGHT);
    }

    @Test
    void terminateAndKillStopTheChildAndItsDescendants() throws Exception {
        ChildProcess sleeper = ChildProcess.start(this.reactor, List.of("sleep", "60"), null);
        ChildProcess shell = ChildProcess.start(this.reactor, ChildProcess.shell("sleep 60; echo never"), null);
        await().atMost(PATIENCE).until(() -> descendantsOf(shell) > 0);

        sleeper.terminate();
        shell.kill();

        assertThat(sleeper.exitCode().get(30, TimeUnit.SECONDS)).isEqualTo(143);
        assertThat(shell.exitCode().get(30, TimeUnit.SECONDS)).isEqualTo(137);
        assertThat(shell.stdout().isOpen()).isFalse();
    }

    @Test
    void splittersReadAChildsOutputLikeASocket() throws Exception {
        RecordingHandler lines = new RecordingHandler();
        ChildProcess child = ChildProcess.start(this.reactor, List.of("printf", "a\\nbb\\nccc"), c -> {
            Terminator.install(c.stdout(), "\n", 100);
            c.stdout().on(Terminator.FOUND, lines);
        });

        child.exitCode().get(30, TimeUnit.SECONDS);

        assertThat(lines.<byte[]>args(Terminator.FOUND, 0)).containsExactly("a".getBytes(UTF_8), "bb".getBytes(UTF_8));
    }

    @Test
    void stdinRefusesBytesPastItsBoundAndFailsAfterTheChildExits() throws Exception {
        ChildProcess child = ChildProcess.start(this.reactor, List.of("sleep", "60"), null);
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        child.stdin().on(Events.ERROR, e -> error.complete(e.arg(0)));
        byte[] block = new byte[64 * 1024];

        assertThatIllegalStateException().isThrownBy(() -> {
            for (int i = 0; i < 64; i++) {
                child.stdin().send(block);
            }
        }).withMessageContaining("queue is full");
        assertThat(child.stdin().pendingBytes()).isLessThanOrEqualTo(ChildInput.DEFAULT_MAX_PENDING_BYTES);

        child.kill();
        child.exitCode().get(30, TimeUnit.SECONDS);
        assertThat(error.get(30, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
        await().atMost(PATIENCE).until(() -> child.liveThreads() == 0);
        assertThatIllegalStateException().isThrownBy(() -> child.stdin().send("late"));
    }

    @Test
    void leavesNoThreadBehindOnceTheChildExited() throws Exception {
        await().atMost(PATIENCE).until(() -> childThreads() == 0);
        for (int i = 0; i < 3; i++) {
            ChildProcess child = ChildProcess.start(this.reactor, List.of("sh"), c -> {
            });
            child.stdin().send("echo " + i + "; echo " + i + " >&2\n");
            child.stdin().close();
            assertThat(child.exitCode().get(30, TimeUnit.SECONDS)).isZero();
            await().atMost(PATIENCE).until(() -> child.liveThreads() == 0);
        }
        await().atMost(PATIENCE).until(() -> childThreads() == 0);
    }

    /**
     * Platform threads serving children (the JDK's own process reaper is not counted: it is a
     * shared pool that keeps idle threads for a while). Virtual threads, on Java 21 and later, are
     * not listed here; {@link ChildProcess#liveThreads()} counts those.
     */
    private static long childThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("untwisted-child-")).count();
    }

    @Test
    void aProgramThatDoesNotExistFailsToStart() {
        assertThatThrownBy(() -> ChildProcess.start(this.reactor, List.of("/nonexistent/program"), null))
                .isInstanceOf(IOException.class);
    }

    private static long descendantsOf(ChildProcess child) {
        return ProcessHandle.of(child.pid()).map(handle -> handle.descendants().count()).orElse(0L);
    }

    private static String text(RecordingHandler recorder, String stream) {
        StringBuilder text = new StringBuilder();
        recorder.events(Events.LOAD).stream().filter(event -> event.args().get(1).equals(stream))
                .forEach(event -> text.append(new String(event.<byte[]>arg(0), UTF_8)));
        return text.toString();
    }
}
