package io.untwisted.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.untwisted.event.Events;
import io.untwisted.reactor.Reactor;
import io.untwisted.split.Terminator;
import io.untwisted.testsupport.Figures;
import io.untwisted.testsupport.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Rows L1–L4 of the reliability matrix: resets, half-close, local close semantics, failed connects. */
@Timeout(120)
class ConnectionLifecycleTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int MIB = 1024 * 1024;

    private Reactor reactor;

    @BeforeEach
    void start() {
        this.reactor = new Reactor("lifecycle");
        this.reactor.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        this.reactor.stop();
        assertThat(this.reactor.awaitTermination(Duration.ofSeconds(10))).isTrue();
    }

    private SuperServer listen(java.util.function.Consumer<SuperServer> setup) throws IOException {
        return SuperServer.listen(this.reactor, new InetSocketAddress("127.0.0.1", 0), setup);
    }

    /** L1: the peer reads 1 MiB of 50 MiB, then resets; the server closes at once, with cause reset. */
    @Test
    void shouldCloseWithCauseResetWhenThePeerResetsMidWrite() throws Exception {
        CompletableFuture<SuperSocket> accepted = new CompletableFuture<>();
        CompletableFuture<Object[]> closed = new CompletableFuture<>();
        List<CloseCause> observed = new CopyOnWriteArrayList<>();
        NetObserver observer = new NetObserver() {
            @Override
            public void closed(SuperSocket socket, CloseReason reason, Throwable cause) {
                observed.add(CloseCause.of(reason, cause));
            }
        };
        SuperServer server = listen(srv -> srv.observer(observer).onAccept((s, client) -> {
            client.onClose((socket, reason, cause) -> closed.complete(new Object[] {reason, cause, System.nanoTime()}));
            byte[] chunk = new byte[MIB];
            for (int i = 0; i < 50; i++) {
                client.dump(chunk);
            }
            accepted.complete(client);
        }));
        long baselineFds = openFds();

        try (LogCapture log = LogCapture.start()) {
            long resetAt;
            try (Socket client = new Socket("127.0.0.1", server.port())) {
                client.setSoTimeout(30_000);
                SuperSocket socket = accepted.get(30, TimeUnit.SECONDS);
                assertThat(onReactor(socket::pendingBytes)).isGreaterThan(10L * MIB);
                assertThat(client.getInputStream().readNBytes(MIB)).hasSize(MIB);
                client.setSoLinger(true, 0);
                resetAt = System.nanoTime();
            }
            Object[] close = closed.get(30, TimeUnit.SECONDS);
            double millis = ((long) close[2] - resetAt) / 1e6;
            Figures.record("L1", "time from peer RST to CLOSE", millis, "ms");

            assertThat(close[0]).isEqualTo(CloseReason.ERROR);
            assertThat(CloseCause.of((CloseReason) close[0], (Throwable) close[1])).as("cause of %s", close[1])
                    .isEqualTo(CloseCause.RESET);
            assertThat(observed).containsExactly(CloseCause.RESET);
            assertThat(millis).as("time to CLOSE after the reset").isLessThan(1_000.0);
            assertThat(onReactor(accepted.get()::pendingBytes)).isZero();
            assertThat(log.linesWith("lifecycle", "unexpected failure")).isEmpty();
            assertThat(log.linesWith("lifecycle", "failed; closing it")).isEmpty();
        }
        await().atMost(TIMEOUT).until(() -> openFds() <= baselineFds);
        assertThat(server.activeConnections()).isZero();
    }

    /** L2: three frames then end of stream: all three arrive, then one close, and all three replies go out. */
    @Test
    void shouldDeliverEveryFrameBeforeTheEndOfStreamAndFlushTheReplies() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        SuperServer server = listen(srv -> srv.onAccept((s, client) -> {
            Terminator.install(client, "\n", 1024);
            client.on(Terminator.FOUND, e -> {
                String frame = new String((byte[]) e.arg(0), StandardCharsets.UTF_8);
                events.add("frame " + frame);
                client.dump("ack " + frame + "\n");
            });
            client.on(Events.INPUT_CLOSED, e -> events.add("input closed"));
            client.onClose((socket, reason, cause) -> events.add("close " + reason));
        }));

        try (Socket client = new Socket("127.0.0.1", server.port())) {
            client.setSoTimeout(30_000);
            client.getOutputStream().write("one\ntwo\nthree\n".getBytes(StandardCharsets.UTF_8));
            client.shutdownOutput();
            assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("ack one\nack two\nack three\n");
        }
        await().atMost(TIMEOUT).until(() -> events.size() == 4);
        assertThat(events).containsExactly("frame one", "frame two", "frame three", "close PEER");
    }

    /** L2 with half-closure allowed: the server keeps writing after the peer's end of stream. */
    @Test
    void shouldKeepWritingAfterThePeerHalfClosesWhenAllowed() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        SuperServer server = SuperServer.bind(this.reactor, new InetSocketAddress("127.0.0.1", 0)).allowHalfClosure(true);
        server.onAccept((s, client) -> {
            Terminator.install(client, "\n", 1024);
            client.on(Terminator.FOUND, e -> events.add("frame " + new String((byte[]) e.arg(0), StandardCharsets.UTF_8)));
            client.on(Events.INPUT_CLOSED, e -> {
                events.add("input closed");
                int[] left = {3};
                client.reactor().every(Duration.ofMillis(20), () -> {
                    if (left[0] > 0) {
                        client.dump("late " + left[0]-- + "\n");
                        if (left[0] == 0) {
                            client.close();
                        }
                    }
                });
            });
            client.onClose((socket, reason, cause) -> events.add("close " + reason));
        });
        server.start();

        try (Socket client = new Socket("127.0.0.1", server.port())) {
            client.setSoTimeout(30_000);
            client.getOutputStream().write("one\ntwo\nthree\n".getBytes(StandardCharsets.UTF_8));
            client.shutdownOutput();
            assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("late 3\nlate 2\nlate 1\n");
        }
        await().atMost(TIMEOUT).until(() -> events.size() == 5);
        assertThat(events).containsExactly("frame one", "frame two", "frame three", "input closed", "close LOCAL");
    }

    /** L3: close() with 4 MiB queued writes them all, then FIN. */
    @Test
    void shouldFlushThenFinOnClose() throws Exception {
        SuperServer server = listen(srv -> srv.onAccept((s, client) -> {
            client.dump(new byte[4 * MIB]);
            client.close();
        }));

        try (Socket client = new Socket("127.0.0.1", server.port())) {
            client.setSoTimeout(30_000);
            InputStream in = client.getInputStream();
            assertThat(in.readNBytes(4 * MIB)).hasSize(4 * MIB);
            assertThat(in.read()).as("end of stream (FIN), not a reset").isEqualTo(-1);
        }
    }

    /** L3: abort() drops the queue and resets: the peer sees a reset, not the bytes. */
    @Test
    void shouldResetOnAbort() throws Exception {
        SuperServer server = listen(srv -> srv.onAccept((s, client) -> {
            client.dump(new byte[4 * MIB]);
            client.abort();
        }));

        try (Socket client = new Socket("127.0.0.1", server.port())) {
            client.setSoTimeout(30_000);
            InputStream in = client.getInputStream();
            assertThatThrownBy(() -> in.readNBytes(4 * MIB)).isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
        }
    }

    /** L4: a closed port fails at once, well within the connect timeout. */
    @Test
    void shouldReportConnectErrWithinTheTimeoutForAClosedPort() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        long start = System.nanoTime();
        SuperSocket.connect(this.reactor, new InetSocketAddress("127.0.0.1", closedPort), Duration.ofMillis(500),
                client -> client.onConnectErr((s, cause) -> failure.complete(cause)));

        assertThat(failure.get(30, TimeUnit.SECONDS)).isInstanceOf(java.net.ConnectException.class);
        assertThat((System.nanoTime() - start) / 1e6).isLessThan(500.0);
    }

    /**
     * L4: a listener whose accept queue is full drops SYNs on Linux, which is how a black hole looks
     * on loopback: the connect fails with a timeout once 500 ms have passed.
     */
    @Test
    void shouldReportConnectErrWhenTheConnectTimesOut() throws Exception {
        List<Socket> queued = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", full.getLocalPort());
            fillAcceptQueue(address, queued);
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            long start = System.nanoTime();
            SuperSocket.connect(this.reactor, address, Duration.ofMillis(500), client -> {
                client.onConnect(s -> failure.completeExceptionally(new AssertionError("connected to a full queue")));
                client.onConnectErr((s, cause) -> failure.complete(cause));
            });

            assertThat(failure.get(30, TimeUnit.SECONDS)).isInstanceOf(SocketTimeoutException.class);
            double millis = (System.nanoTime() - start) / 1e6;
            assertThat(millis).isBetween(450.0, 3_000.0);
        }
        finally {
            for (Socket socket : queued) {
                socket.close();
            }
        }
    }

    /** Connects plain sockets until one times out: from then on the queue drops new connects. */
    private static void fillAcceptQueue(InetSocketAddress address, List<Socket> queued) throws IOException {
        for (int i = 0; i < 64; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(address, 200);
                queued.add(socket);
            }
            catch (SocketTimeoutException ex) {
                socket.close();
                return;
            }
        }
        throw new IllegalStateException("the accept queue of " + address + " never filled");
    }

    private <T> T onReactor(java.util.function.Supplier<T> value) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        this.reactor.execute(() -> result.complete(value.get()));
        return result.get(30, TimeUnit.SECONDS);
    }

    private static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
