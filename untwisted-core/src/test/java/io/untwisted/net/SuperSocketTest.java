package io.untwisted.net;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.untwisted.event.Events;
import io.untwisted.event.HandlerFailure;
import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.ReactorGroup;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SuperSocketTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ReactorGroup group;
    private Reactor clientReactor;

    @BeforeEach
    void start() {
        this.group = new ReactorGroup(2, "server");
        this.group.start();
        this.clientReactor = new Reactor("client");
        this.clientReactor.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        this.clientReactor.stop();
        this.group.stop();
        assertThat(this.group.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(this.clientReactor.awaitTermination(Duration.ofSeconds(10))).isTrue();
    }

    private SuperServer echoServer() throws IOException {
        return SuperServer.listen(this.group, loopback(), server ->
                server.onAccept((srv, client) -> client.onLoad((socket, data) -> socket.dump(data))));
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress("127.0.0.1", 0);
    }

    @Test
    void shouldEchoBetweenServerAndSuperSocketClient() throws Exception {
        SuperServer server = echoServer();
        CompletableFuture<String> echoed = new CompletableFuture<>();
        StringBuilder received = new StringBuilder();

        SuperSocket.connect(this.clientReactor, server.localAddress(), client -> {
            client.onConnect(socket -> socket.dump("hello untwisted"));
            client.onLoad((socket, data) -> {
                received.append(StandardCharsets.UTF_8.decode(data));
                if (received.length() == "hello untwisted".length()) {
                    echoed.complete(received.toString());
                }
            });
        });

        assertThat(echoed.get(30, TimeUnit.SECONDS)).isEqualTo("hello untwisted");
    }

    @Test
    void shouldRunEveryHandlerOfAConnectionOnItsReactorThread() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        SuperServer server = SuperServer.listen(this.group, loopback(), srv -> srv.onAccept((s, client) -> {
            threads.add(client.reactor().name() + "=" + Thread.currentThread().getName());
            client.onLoad((socket, data) -> {
                threads.add(socket.reactor().name() + "=" + Thread.currentThread().getName());
                socket.dump(data);
            });
        }));

        for (int i = 0; i < 4; i++) {
            try (BlockingClient client = new BlockingClient(server.port())) {
                client.send("x");
                assertThat(client.readText("x")).isEqualTo("x");
            }
        }

        assertThat(threads).hasSize(8).allSatisfy(pair -> {
            String[] parts = pair.split("=");
            assertThat(parts[0]).isEqualTo(parts[1]);
        });
        assertThat(threads).extracting(pair -> pair.split("=")[0]).contains("server-0", "server-1");
    }

    @Test
    void shouldRelayLinesBetweenThreeChatClients() throws Exception {
        List<SuperSocket> room = new CopyOnWriteArrayList<>();
        SuperServer server = SuperServer.listen(this.group, loopback(), srv -> srv.onAccept((s, client) -> {
            room.add(client);
            client.onLoad((socket, data) -> {
                byte[] line = new byte[data.remaining()];
                data.get(line);
                for (SuperSocket peer : room) {
                    if (peer != socket) {
                        peer.dump(line);
                    }
                }
            });
            client.onClose((socket, reason, cause) -> room.remove(socket));
        }));

        try (BlockingClient alice = new BlockingClient(server.port());
                BlockingClient bob = new BlockingClient(server.port());
                BlockingClient carol = new BlockingClient(server.port())) {
            await().atMost(TIMEOUT).until(() -> room.size() == 3);

            alice.send("alice: hi\n");
            assertThat(bob.readLine()).isEqualTo("alice: hi");
            assertThat(carol.readLine()).isEqualTo("alice: hi");

            bob.send("bob: hello\n");
            assertThat(alice.readLine()).isEqualTo("bob: hello");
            assertThat(carol.readLine()).isEqualTo("bob: hello");

            carol.close();
            await().atMost(TIMEOUT).until(() -> room.size() == 2);
            alice.send("alice: bye\n");
            assertThat(bob.readLine()).isEqualTo("alice: bye");
        }
    }

    @Test
    void shouldDriveConnectErrWhenThePortIsClosed() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        AtomicInteger closes = new AtomicInteger();

        SuperSocket socket = SuperSocket.connect(this.clientReactor, new InetSocketAddress("127.0.0.1", closedPort), client -> {
            client.onConnect(s -> failure.completeExceptionally(new AssertionError("connected to a closed port")));
            client.onConnectErr((s, cause) -> failure.complete(cause));
            client.onClose((s, reason, cause) -> closes.incrementAndGet());
        });

        assertThat(failure.get(30, TimeUnit.SECONDS)).isInstanceOf(ConnectException.class);
        assertThat(socket.isOpen()).isFalse();
        assertThat(closes).hasValue(0);
    }

    @Test
    void shouldDriveConnectErrForAnUnknownHost() throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();

        SuperSocket.connect(this.clientReactor, "no-such-host.invalid", 7, client ->
                client.onConnectErr((s, cause) -> failure.complete(cause)));

        assertThat(failure.get(30, TimeUnit.SECONDS)).isInstanceOf(java.net.UnknownHostException.class);
    }

    @Test
    void shouldDriveConnectErrWithATimeoutWhenNobodyAnswers() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", silent.getLocalPort());
            List<CompletableFuture<Throwable>> attempts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                CompletableFuture<Throwable> outcome = new CompletableFuture<>();
                attempts.add(outcome);
                SuperSocket.connect(this.clientReactor, address, Duration.ofMillis(500), client -> {
                    client.onConnect(s -> outcome.complete(null));
                    client.onConnectErr((s, cause) -> outcome.complete(cause));
                });
            }
            CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            assertThat(attempts).extracting(CompletableFuture::join)
                    .as("once the accept queue of a server that never accepts is full, connects time out")
                    .anySatisfy(cause -> assertThat(cause).isInstanceOf(java.net.SocketTimeoutException.class)
                            .hasMessageContaining("timed out after 500 ms"));
        }
    }

    @Test
    void shouldCarry64MiBThroughEchoByteIdentical() throws Exception {
        SuperServer server = echoServer();
        int size = 64 * 1024 * 1024;
        byte[] payload = new byte[size];
        new Random(42).nextBytes(payload);

        try (BlockingClient client = new BlockingClient(server.port())) {
            CompletableFuture<byte[]> echoed = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.read(size);
                }
                catch (IOException ex) {
                    throw new IllegalStateException(ex);
                }
            });
            OutputStream out = client.socket().getOutputStream();
            for (int offset = 0; offset < size; offset += 256 * 1024) {
                out.write(payload, offset, Math.min(256 * 1024, size - offset));
            }
            out.flush();

            assertThat(sha256(echoed.get(60, TimeUnit.SECONDS))).isEqualTo(sha256(payload));
        }
    }

    @Test
    void shouldSendA100MiBFileByteIdentical(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("large.bin");
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[1024 * 1024];
        Random random = new Random(7);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 100; i++) {
                random.nextBytes(chunk);
                expected.update(chunk);
                out.write(chunk);
            }
        }
        CompletableFuture<Void> dumped = new CompletableFuture<>();
        SuperServer server = SuperServer.listen(this.group, loopback(), srv -> srv.onAccept((s, client) -> {
            client.onDumped(socket -> {
                dumped.complete(null);
                socket.close();
            });
            client.dumpFile(file);
        }));

        try (BlockingClient client = new BlockingClient(server.port())) {
            MessageDigest actual = MessageDigest.getInstance("SHA-256");
            long total = 0;
            byte[] buffer = new byte[256 * 1024];
            int n;
            while ((n = client.socket().getInputStream().read(buffer)) != -1) {
                actual.update(buffer, 0, n);
                total += n;
            }
            assertThat(total).isEqualTo(100L * 1024 * 1024);
            assertThat(actual.digest()).isEqualTo(expected.digest());
        }
        dumped.get(30, TimeUnit.SECONDS);
    }

    @Test
    void shouldStopReadingFromAPeerThatDoesNotReadAndResumeWhenItDoes() throws Exception {
        WriteWatermarks marks = new WriteWatermarks(16 * 1024, 64 * 1024, 16L * 1024 * 1024);
        AtomicLong maxPending = new AtomicLong();
        AtomicInteger paused = new AtomicInteger();
        AtomicInteger resumed = new AtomicInteger();
        SuperServer server = SuperServer.bind(this.group, loopback()).watermarks(marks);
        server.onAccept((srv, client) -> {
            client.on(Events.PAUSED, e -> paused.incrementAndGet());
            client.on(Events.RESUMED, e -> resumed.incrementAndGet());
            client.onLoad((socket, data) -> {
                socket.dump(data);
                maxPending.accumulateAndGet(socket.pendingBytes(), Math::max);
            });
        });
        server.start();

        try (BlockingClient client = new BlockingClient(server.port())) {
            client.socket().setSendBufferSize(64 * 1024);
            client.socket().setReceiveBufferSize(64 * 1024);
            byte[] chunk = new byte[64 * 1024];
            int chunks = 1024;
            AtomicLong sent = new AtomicLong();
            CountDownLatch writerDone = new CountDownLatch(1);
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = client.socket().getOutputStream();
                    for (int i = 0; i < chunks; i++) {
                        out.write(chunk);
                        sent.addAndGet(chunk.length);
                    }
                }
                catch (IOException ex) {
                    throw new IllegalStateException(ex);
                }
                finally {
                    writerDone.countDown();
                }
            });
            writer.setDaemon(true);
            writer.start();

            await().atMost(TIMEOUT).until(() -> paused.get() >= 1);
            long[] last = {-1};
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(300)).until(() -> {
                long now = sent.get();
                boolean stalled = now == last[0];
                last[0] = now;
                return stalled;
            });
            assertThat(writerDone.getCount()).as("the writer is blocked because the server stopped reading").isEqualTo(1);
            assertThat(maxPending.get()).isLessThanOrEqualTo(marks.high() + Reactor.READ_BUFFER_SIZE);

            byte[] all = client.read(chunks * chunk.length);
            assertThat(all).hasSize(chunks * chunk.length);
            assertThat(writerDone.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(resumed.get()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void shouldCloseAPeerThatPassesTheWriteLimit() throws Exception {
        WriteWatermarks marks = new WriteWatermarks(1024, 4096, 64 * 1024);
        CompletableFuture<Object[]> closed = new CompletableFuture<>();
        SuperServer server = SuperServer.bind(this.group, loopback()).watermarks(marks);
        server.onAccept((srv, client) -> {
            client.onClose((socket, reason, cause) -> closed.complete(new Object[] {reason, cause}));
            byte[] block = new byte[16 * 1024];
            for (int i = 0; i < 1024 && client.isOpen(); i++) {
                client.dump(block);
            }
        });
        server.start();

        try (BlockingClient client = new BlockingClient(server.port())) {
            client.socket().setReceiveBufferSize(4096);
            Object[] close = closed.get(30, TimeUnit.SECONDS);
            assertThat(close[0]).isEqualTo(CloseReason.ERROR);
            assertThat(close[1]).isInstanceOf(WriteQueueOverflowException.class);
        }
    }

    @Test
    void shouldKeepServingOtherConnectionsWhenAHandlerThrows() throws Exception {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        SuperServer server = SuperServer.listen(this.group, loopback(), srv -> srv.onAccept((s, client) -> {
            client.onError((socket, cause) -> errors.add(cause));
            client.onLoad((socket, data) -> {
                if (data.get(data.position()) == '!') {
                    throw new IllegalArgumentException("bad input");
                }
                socket.dump(data);
            });
        }));

        try (BlockingClient bad = new BlockingClient(server.port());
                BlockingClient good = new BlockingClient(server.port())) {
            bad.send("!boom");
            await().atMost(TIMEOUT).until(() -> errors.size() == 1);
            good.send("fine");
            assertThat(good.readText("fine")).isEqualTo("fine");
            bad.send("still here");
            assertThat(bad.readText("still here")).isEqualTo("still here");
        }
        assertThat(errors.get(0)).isInstanceOf(HandlerFailure.class).hasRootCauseMessage("bad input");
    }

    @Test
    void shouldDriveCloseOnceWhenThePeerCloses() throws Exception {
        List<CloseReason> closes = Collections.synchronizedList(new ArrayList<>());
        SuperServer server = SuperServer.listen(this.group, loopback(), srv -> srv.onAccept((s, client) ->
                client.onClose((socket, reason, cause) -> closes.add(reason))));

        try (BlockingClient client = new BlockingClient(server.port())) {
            await().atMost(TIMEOUT).until(() -> server.activeConnections() == 1);
        }

        await().atMost(TIMEOUT).until(() -> closes.size() == 1 && server.activeConnections() == 0);
        assertThat(closes).containsExactly(CloseReason.PEER);
    }

    @Test
    void shouldDriveCloseOnceWhenThePeerResets() throws Exception {
        List<Object[]> closes = Collections.synchronizedList(new ArrayList<>());
        SuperServer server = SuperServer.listen(this.group, loopback(), srv -> srv.onAccept((s, client) ->
                client.onClose((socket, reason, cause) -> closes.add(new Object[] {reason, cause}))));

        BlockingClient client = new BlockingClient(server.port());
        await().atMost(TIMEOUT).until(() -> server.activeConnections() == 1);
        client.reset();

        await().atMost(TIMEOUT).until(() -> closes.size() == 1);
        assertThat(closes.get(0)[0]).isEqualTo(CloseReason.ERROR);
        assertThat(closes.get(0)[1]).isInstanceOf(IOException.class);
        assertThat(server.activeConnections()).isZero();
    }

    @Test
    void shouldFlushQueuedBytesThenCloseOnceOnLocalClose() throws Exception {
        List<CloseReason> closes = Collections.synchronizedList(new ArrayList<>());
        SuperServer server = SuperServer.listen(this.group, loopback(), srv -> srv.onAccept((s, client) -> {
            client.onClose((socket, reason, cause) -> closes.add(reason));
            client.dump("goodbye\r\n");
            client.close();
            client.close();
        }));

        try (BlockingClient client = new BlockingClient(server.port())) {
            assertThat(new String(client.readToEnd(), StandardCharsets.UTF_8)).isEqualTo("goodbye\r\n");
        }
        await().atMost(TIMEOUT).until(() -> closes.size() == 1);
        assertThat(closes).containsExactly(CloseReason.LOCAL);
    }

    @Test
    void shouldResetOnAbortAndCloseOnce() throws Exception {
        List<CloseReason> closes = Collections.synchronizedList(new ArrayList<>());
        SuperServer server = SuperServer.listen(this.group, loopback(), srv -> srv.onAccept((s, client) -> {
            client.onClose((socket, reason, cause) -> closes.add(reason));
            client.onLoad((socket, data) -> socket.abort());
        }));

        try (BlockingClient client = new BlockingClient(server.port())) {
            client.send("x");
            org.assertj.core.api.Assertions.assertThatThrownBy(client::readByte)
                    .isInstanceOf(java.net.SocketException.class);
        }
        await().atMost(TIMEOUT).until(() -> closes.size() == 1);
        assertThat(closes).containsExactly(CloseReason.LOCAL);
    }

    @Test
    void shouldDumpAndCloseSafelyFromAnotherThread() throws Exception {
        CompletableFuture<SuperSocket> accepted = new CompletableFuture<>();
        SuperServer server = SuperServer.listen(this.group, loopback(), srv -> srv.onAccept((s, client) -> accepted.complete(client)));

        try (BlockingClient client = new BlockingClient(server.port())) {
            SuperSocket socket = accepted.get(30, TimeUnit.SECONDS);
            for (int i = 0; i < 1000; i++) {
                socket.dump("line " + i + "\n");
            }
            socket.close();
            String[] lines = new String(client.readToEnd(), StandardCharsets.UTF_8).split("\n");
            assertThat(lines).hasSize(1000);
            assertThat(lines[999]).isEqualTo("line 999");
        }
    }

    @Test
    void shouldHalfCloseAndKeepReading() throws Exception {
        CompletableFuture<String> afterHalfClose = new CompletableFuture<>();
        SuperServer server = SuperServer.listen(this.group, loopback(), srv -> srv.onAccept((s, client) -> {
            client.dump("bye");
            client.shutdownOutput();
            client.onLoad((socket, data) -> afterHalfClose.complete(StandardCharsets.UTF_8.decode(data).toString()));
        }));

        try (Socket client = new Socket("127.0.0.1", server.port())) {
            client.setSoTimeout(20_000);
            assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("bye");
            client.getOutputStream().write("still talking".getBytes(StandardCharsets.UTF_8));
            assertThat(afterHalfClose.get(30, TimeUnit.SECONDS)).isEqualTo("still talking");
        }
    }

    @Test
    void shouldAnswerAfterThePeerHalfClosesWhenHalfClosureIsAllowed() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        SuperServer server = SuperServer.bind(this.group, loopback()).allowHalfClosure(true);
        server.onAccept((srv, client) -> {
            client.onLoad((socket, data) -> events.add("load " + StandardCharsets.UTF_8.decode(data)));
            client.on(Events.INPUT_CLOSED, e -> {
                events.add("input closed");
                client.reactor().after(Duration.ofMillis(50), () -> {
                    client.dump("late answer");
                    client.close();
                });
            });
            client.onClose((socket, reason, cause) -> events.add("close " + reason));
        });
        server.start();

        try (Socket client = new Socket("127.0.0.1", server.port())) {
            client.setSoTimeout(20_000);
            client.getOutputStream().write("request".getBytes(StandardCharsets.UTF_8));
            client.shutdownOutput();
            assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("late answer");
        }
        await().atMost(TIMEOUT).until(() -> events.size() == 3);
        assertThat(events).containsExactly("load request", "input closed", "close LOCAL");
    }

    @Test
    void shouldKeepAttributesPerSocket() throws Exception {
        CompletableFuture<String> nick = new CompletableFuture<>();
        SuperServer server = SuperServer.listen(this.group, loopback(), srv -> srv.onAccept((s, client) -> {
            client.attr("nick", "anonymous");
            client.onLoad((socket, data) -> {
                socket.attr("nick", StandardCharsets.UTF_8.decode(data).toString());
                nick.complete(socket.attr("nick"));
            });
        }));

        try (BlockingClient client = new BlockingClient(server.port())) {
            client.send("alice");
            assertThat(nick.get(30, TimeUnit.SECONDS)).isEqualTo("alice");
        }
    }

    @Test
    void shouldAwaitTheNextOccurrenceOnTheReactorThread() throws Exception {
        CompletableFuture<String> line = new CompletableFuture<>();
        SuperServer server = SuperServer.listen(this.group, loopback(), srv -> srv.onAccept((s, client) ->
                client.await(Events.LOAD).thenAccept(args -> {
                    assertThat(client.reactor().inReactorThread()).isTrue();
                    line.complete(StandardCharsets.UTF_8.decode((ByteBuffer) args[0]).toString());
                })));

        try (BlockingClient client = new BlockingClient(server.port())) {
            client.send("first");
            assertThat(line.get(30, TimeUnit.SECONDS)).isEqualTo("first");
        }
    }

    @Test
    void shouldFailStartupClearlyWhenThePortIsTaken() throws Exception {
        SuperServer first = echoServer();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SuperServer.bind(this.group,
                        new InetSocketAddress("127.0.0.1", first.port())))
                .isInstanceOf(java.net.BindException.class)
                .hasMessageContaining(String.valueOf(first.port()));
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
