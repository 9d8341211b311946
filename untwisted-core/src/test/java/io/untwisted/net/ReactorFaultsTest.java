package io.untwisted.net;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.ReactorState;
import io.untwisted.testsupport.Figures;
import io.untwisted.testsupport.RoundTrips;
import io.untwisted.testsupport.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rows E3–E6 of the reliability matrix in core: a blocked loop is measured, an interrupted reactor
 * thread does not spin, cross-thread writes are neither lost nor reordered and wake the loop at
 * once, and reactors share nothing.
 */
@Timeout(120)
class ReactorFaultsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final List<Reactor> reactors = new ArrayList<>();

    @BeforeEach
    void start() {
        this.reactors.add(started("faults-a"));
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Reactor reactor : this.reactors) {
            reactor.stop();
            assertThat(reactor.awaitTermination(Duration.ofSeconds(10))).isTrue();
        }
    }

    private Reactor started(String name) {
        Reactor reactor = new Reactor(name);
        reactor.start();
        return reactor;
    }

    private Reactor reactor() {
        return this.reactors.get(0);
    }

    private static SuperServer echoServer(Reactor reactor) throws Exception {
        return SuperServer.listen(reactor, new InetSocketAddress("127.0.0.1", 0), server ->
                server.onAccept((srv, client) -> client.onLoad((socket, data) -> socket.dump(data))));
    }

    private static void assertEchoes(SuperServer server) throws Exception {
        try (BlockingClient client = new BlockingClient(server.port())) {
            client.send("ping\n");
            assertThat(client.readLine()).isEqualTo("ping");
        }
    }

    /** E3: a handler that blocks its reactor for 2 s shows as one 2 s turn, and as one WARN. */
    @Test
    void shouldMeasureALoopBlockedByAHandler() throws Exception {
        SuperServer server = SuperServer.listen(reactor(), new InetSocketAddress("127.0.0.1", 0), srv ->
                srv.onAccept((s, client) -> client.onLoad((socket, data) -> {
                    LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
                    socket.dump("done\n");
                })));

        try (LogCapture log = LogCapture.start(); BlockingClient client = new BlockingClient(server.port())) {
            client.send("block");
            assertThat(client.readLine()).isEqualTo("done");

            // The reply is written inside the long turn, so the client may read it before the turn ends.
            await().atMost(TIMEOUT).until(() -> reactor().loopLag().stalls() == 1);
            long maxMillis = reactor().loopLag().maxNanos() / 1_000_000;
            assertThat(maxMillis).isGreaterThanOrEqualTo(2_000);
            await().atMost(TIMEOUT).until(() -> !log.linesWith("WARN", "faults-a", "one turn of its loop took").isEmpty());
            Figures.record("E3", "loop lag max (core)", maxMillis, "ms");
        }
        assertThat(reactor().loopLag().currentNanos()).as("an idle loop has no turn running").isLessThan(
                TimeUnit.SECONDS.toNanos(1));
    }

    /** E4 (Netty #2426): an interrupted reactor thread would make every select return at once. */
    @Test
    void shouldNotSpinOnceItsThreadIsInterrupted() throws Exception {
        SuperServer server = echoServer(reactor());
        assertEchoes(server);
        CompletableFuture<Thread> loopThread = new CompletableFuture<>();
        reactor().execute(() -> loopThread.complete(Thread.currentThread()));
        Thread thread = loopThread.get(30, TimeUnit.SECONDS);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        try (LogCapture log = LogCapture.start()) {
            thread.interrupt();
            // The interrupt may end a select that a task or timer would have ended anyway, so it is
            // not always counted as premature; the cleared interrupt is always logged.
            await().atMost(TIMEOUT).until(() -> !log.linesWith("WARN", "faults-a", "interrupted").isEmpty());
            long cpuBefore = threads.getThreadCpuTime(thread.getId());
            long wallBefore = System.nanoTime();
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> reactor().state() == ReactorState.RUNNING);
            double cpuPercent = 100.0 * (threads.getThreadCpuTime(thread.getId()) - cpuBefore)
                    / (System.nanoTime() - wallBefore);

            Figures.record("E4", "reactor thread CPU while idle after an interrupt", cpuPercent, "%");
            assertThat(cpuPercent).as("CPU of the interrupted, idle reactor thread").isLessThan(10.0);
            assertThat(reactor().prematureSelectReturns()).as("a spinning loop would pass the 512 premature returns that rebuild the selector").isLessThan(512);
            assertThat(log.linesWith("WARN", "faults-a", "interrupted")).hasSize(1);
        }
        assertEchoes(server);
    }

    /**
     * E5: 8 foreign threads dump into one connection; the peer gets every message once, in order
     * per thread.
     */
    @Test
    void shouldDeliverEveryDumpFromForeignThreadsOnceAndInOrder() throws Exception {
        int threads = 8;
        int perThread = 100_000;
        CompletableFuture<SuperSocket> accepted = new CompletableFuture<>();
        SuperServer server = SuperServer.listen(reactor(), new InetSocketAddress("127.0.0.1", 0),
                srv -> srv.onAccept((s, client) -> accepted.complete(client)));

        try (Socket client = new Socket("127.0.0.1", server.port())) {
            client.setSoTimeout(30_000);
            SuperSocket socket = accepted.get(30, TimeUnit.SECONDS);
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread writer = new Thread(() -> {
                    try {
                        go.await();
                    }
                    catch (InterruptedException ex) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        socket.dump(id + " " + i + "\n");
                    }
                }, "writer-" + t);
                writer.start();
                writers.add(writer);
            }
            long start = System.nanoTime();
            go.countDown();
            int[] next = new int[threads];
            BufferedReader lines = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
            for (long received = 0; received < (long) threads * perThread; received++) {
                String line = lines.readLine();
                assertThat(line).isNotNull();
                int space = line.indexOf(' ');
                int id = Integer.parseInt(line, 0, space, 10);
                int seq = Integer.parseInt(line, space + 1, line.length(), 10);
                if (seq != next[id]) {
                    throw new AssertionError("thread " + id + ": expected message " + next[id] + ", got " + seq);
                }
                next[id]++;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            for (Thread writer : writers) {
                writer.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertThat(next).containsOnly(perThread);
            Figures.record("E5", "cross-thread dump throughput", Math.round(threads * perThread / seconds), "msg/s");
        }
    }

    /** E5: a task queued while the reactor waits in select runs at once (no lost wakeup). */
    @Test
    void shouldRunATaskQueuedDuringSelectAtOnce() throws Exception {
        int samples = 500;
        long[] latencies = new long[samples];
        for (int i = 0; i < samples; i++) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            CompletableFuture<Long> ran = new CompletableFuture<>();
            long queued = System.nanoTime();
            reactor().execute(() -> ran.complete(System.nanoTime()));
            latencies[i] = ran.get(30, TimeUnit.SECONDS) - queued;
        }
        Arrays.sort(latencies);
        double p99Millis = RoundTrips.percentile(latencies, 99) / 1e6;
        double maxMillis = latencies[samples - 1] / 1e6;
        Figures.record("E5", "wakeup latency p99", p99Millis, "ms");
        Figures.record("E5", "wakeup latency max", maxMillis, "ms");
        assertThat(p99Millis).as("p99 from execute() on a foreign thread to the task running").isLessThan(50.0);
        assertThat(maxMillis).as("no wakeup is lost: a lost one would wait forever in select").isLessThan(1_000.0);
    }

    /** E6: no global reactor: stopping one leaves the other serving. */
    @Test
    void shouldKeepServingOnOneReactorWhileAnotherShutsDown() throws Exception {
        Reactor other = started("faults-b");
        this.reactors.add(other);
        SuperServer first = echoServer(reactor());
        SuperServer second = echoServer(other);
        assertEchoes(first);
        assertEchoes(second);

        try (BlockingClient held = new BlockingClient(second.port())) {
            held.send("before\n");
            assertThat(held.readLine()).isEqualTo("before");
            reactor().stop();
            assertThat(reactor().awaitTermination(Duration.ofSeconds(10))).isTrue();

            held.send("after\n");
            assertThat(held.readLine()).isEqualTo("after");
            assertEchoes(second);
        }
        assertThat(other.state()).isEqualTo(ReactorState.RUNNING);
    }
}
