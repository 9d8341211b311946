package io.untwisted.net.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import io.untwisted.event.Events;
import io.untwisted.net.CloseReason;
import io.untwisted.net.SuperServer;
import io.untwisted.net.SuperSocket;
import io.untwisted.net.WriteWatermarks;
import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.ReactorGroup;
import io.untwisted.split.Terminator;
import io.untwisted.testsupport.Figures;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** TLS connections behave like plain ones once the handshake is done: echo, bulk, splitters, files, close. */
@Timeout(120)
class TlsEchoTest {

    private static final long WAIT = 30;

    @TempDir
    static Path pkiDir;

    private static TestPki serverPki;
    private static SSLContext serverContext;
    private static SSLContext clientContext;

    private ReactorGroup group;
    private Reactor clientReactor;

    @BeforeAll
    static void makeCertificates() throws Exception {
        serverPki = TestPki.create(pkiDir, "server", "localhost", "dns:localhost,ip:127.0.0.1");
        // what an application does with a keystore file
        serverContext = TlsContexts.server(serverPki.keyStoreFile(), TestPki.PASSWORD.toCharArray());
        clientContext = TestPki.context(null, serverPki);
    }

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

    private SuperServer echoServer(List<String> serverEvents) throws IOException {
        return TlsServer.listen(this.group, loopback(), TlsConfig.of(serverContext), server ->
                server.onAccept((srv, client) -> {
                    serverEvents.add(Events.ACCEPT);
                    TlsEvents.onSslAccept(client, c -> serverEvents.add(TlsEvents.SSL_ACCEPT + " "
                            + TlsTransport.of(c).session().getProtocol()));
                    TlsEvents.onSslAcceptErr(client, (c, cause) -> serverEvents.add(TlsEvents.SSL_ACCEPT_ERR));
                    client.onLoad((c, data) -> c.dump(data));
                    client.onClose((c, reason, cause) -> serverEvents.add(Events.CLOSE + " " + reason));
                }));
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress("127.0.0.1", 0);
    }

    private static TlsConfig clientConfig(String protocol) {
        return TlsConfig.builder(clientContext).protocols(protocol).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void shouldEchoOverTlsAndDriveHandshakeEventsInOrder(String protocol) throws Exception {
        List<String> serverEvents = new CopyOnWriteArrayList<>();
        SuperServer server = echoServer(serverEvents);
        List<String> clientEvents = new CopyOnWriteArrayList<>();
        CompletableFuture<String> echoed = new CompletableFuture<>();
        StringBuilder received = new StringBuilder();

        TlsClient.connect(this.clientReactor, "localhost", server.port(), clientConfig(protocol), client -> {
            client.onConnect(c -> clientEvents.add(Events.CONNECT));
            TlsEvents.onSslConnect(client, c -> {
                clientEvents.add(TlsEvents.SSL_CONNECT + " " + TlsTransport.of(c).session().getProtocol());
                c.dump("hello over TLS");
            });
            client.onLoad((c, data) -> {
                received.append(StandardCharsets.UTF_8.decode(data));
                if (received.length() == "hello over TLS".length()) {
                    echoed.complete(received.toString());
                    c.close();
                }
            });
            client.onClose((c, reason, cause) -> clientEvents.add(Events.CLOSE + " " + reason + " " + cause));
        });

        assertThat(echoed.get(WAIT, TimeUnit.SECONDS)).isEqualTo("hello over TLS");
        awaitSize(clientEvents, 3);
        assertThat(clientEvents).containsExactly(Events.CONNECT, TlsEvents.SSL_CONNECT + " " + protocol,
                Events.CLOSE + " LOCAL null");
        // the client's close_notify reaches the server as an orderly end of stream
        awaitSize(serverEvents, 3);
        assertThat(serverEvents).containsExactly(Events.ACCEPT, TlsEvents.SSL_ACCEPT + " " + protocol,
                Events.CLOSE + " PEER");
    }

    @Test
    void shouldSendTheHostNameAsSniButNotAnIpAddress() throws Exception {
        List<String> requested = new CopyOnWriteArrayList<>();
        SuperServer server = TlsServer.listen(this.group, loopback(), TlsConfig.of(serverContext), srv ->
                srv.onAccept((s, client) -> TlsEvents.onSslAccept(client, c -> {
                    ExtendedSSLSession session = (ExtendedSSLSession) TlsTransport.of(c).session();
                    requested.add(session.getRequestedServerNames().stream()
                            .map(name -> ((SNIHostName) name).getAsciiName()).toList().toString());
                })));

        for (String host : List.of("localhost", "127.0.0.1")) {
            CompletableFuture<Void> connected = new CompletableFuture<>();
            TlsClient.connect(this.clientReactor, host, server.port(), TlsConfig.of(clientContext), client -> {
                TlsEvents.onSslConnect(client, c -> connected.complete(null));
                TlsEvents.onSslConnectErr(client, (c, cause) -> connected.completeExceptionally(cause));
            });
            connected.get(WAIT, TimeUnit.SECONDS);
        }

        awaitSize(requested, 2);
        assertThat(requested).containsExactly("[localhost]", "[]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void shouldCarry32MiBIntactThroughTlsBothWays(String protocol) throws Exception {
        AtomicLong serverPauses = new AtomicLong();
        SuperServer server = echoServer(new CopyOnWriteArrayList<>());
        // every echoed read passes the server's high watermark, so it pauses and resumes reading
        // while TLS records wait in its transport
        server.watermarks(new WriteWatermarks(512, 1024, 64L * 1024 * 1024));
        server.onAccept((srv, client) -> client.on(Events.PAUSED, e -> serverPauses.incrementAndGet()));
        int total = 32 * 1024 * 1024;
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        AtomicLong count = new AtomicLong();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Random random = new Random(42);

        TlsClient.connect(this.clientReactor, "localhost", server.port(), clientConfig(protocol), client -> {
            // the client queues everything at once, so it must not stop reading its echo while it
            // has more than 64 KiB queued
            client.watermarks(new WriteWatermarks(32 * 1024, 48 * 1024 * 1024, 64L * 1024 * 1024));
            TlsEvents.onSslConnect(client, c -> {
                byte[] chunk = new byte[1024 * 1024];
                for (int i = 0; i < total / chunk.length; i++) {
                    random.nextBytes(chunk);
                    sent.update(chunk);
                    c.dump(chunk);
                }
            });
            client.onLoad((c, data) -> {
                count.addAndGet(data.remaining());
                received.update(data);
                if (count.get() >= total) {
                    done.complete(null);
                }
            });
            client.onClose((c, reason, cause) -> done.completeExceptionally(
                    new AssertionError("closed early: " + reason, cause)));
        });

        done.get(90, TimeUnit.SECONDS);
        assertThat(count.get()).isEqualTo(total);
        assertThat(HexFormat.of().formatHex(received.digest())).isEqualTo(HexFormat.of().formatHex(sent.digest()));
        assertThat(serverPauses.get()).as("the server's echo went through pause and resume").isPositive();
    }

    @Test
    void shouldRunSplittersAndSendFilesOverTls(@TempDir Path dir) throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 123];
        new Random(7).nextBytes(content);
        Path file = Files.write(dir.resolve("payload.bin"), content);
        SuperServer server = TlsServer.listen(this.group, loopback(), TlsConfig.of(serverContext), srv ->
                srv.onAccept((s, client) -> {
                    Terminator.install(client);
                    client.on(Terminator.FOUND, e -> {
                        String line = new String((byte[]) e.arg(0), StandardCharsets.UTF_8);
                        if (line.equals("file")) {
                            client.dumpFile(file);
                            client.close();
                        }
                        else {
                            client.dump(line.toUpperCase() + "\r\n");
                        }
                    });
                }));
        String expectedLines = "ALPHA\r\nBETA\r\nGAMMA\r\n";
        byte[] expected = new byte[expectedLines.length() + content.length];
        System.arraycopy(expectedLines.getBytes(StandardCharsets.US_ASCII), 0, expected, 0, expectedLines.length());
        System.arraycopy(content, 0, expected, expectedLines.length(), content.length);
        ByteBuffer received = ByteBuffer.allocate(expected.length + 1024);
        CompletableFuture<Object[]> closed = new CompletableFuture<>();

        TlsClient.connect(this.clientReactor, "localhost", server.port(), clientConfig("TLSv1.3"), client -> {
            TlsEvents.onSslConnect(client, c -> {
                c.dump("alp");
                c.dump("ha\r\nbeta\r");
                c.dump("\ngamma\r\nfile\r\n");
            });
            client.onLoad((c, data) -> received.put(data));
            client.onClose((c, reason, cause) -> closed.complete(new Object[] {reason, cause}));
        });

        Object[] close = closed.get(WAIT, TimeUnit.SECONDS);
        assertThat(close).containsExactly(CloseReason.PEER, null);
        received.flip();
        byte[] bytes = new byte[received.remaining()];
        received.get(bytes);
        assertThat(bytes).isEqualTo(expected);
    }

    @Test
    void shouldSendWhatWasDumpedBeforeTheHandshakeEvenPastTheHighWatermark() throws Exception {
        byte[] banner = new byte[512 * 1024];
        new Random(3).nextBytes(banner);
        List<String> serverEvents = new CopyOnWriteArrayList<>();
        SuperServer server = TlsServer.listen(this.group, loopback(), TlsConfig.of(serverContext), srv ->
                srv.onAccept((s, client) -> {
                    client.dump(banner);
                    serverEvents.add("paused=" + client.isReadPaused());
                    client.close();
                    TlsEvents.onSslAccept(client, c -> serverEvents.add(TlsEvents.SSL_ACCEPT));
                    client.onClose((c, reason, cause) -> serverEvents.add(Events.CLOSE + " " + reason + " " + cause));
                }));
        ByteBuffer received = ByteBuffer.allocate(banner.length + 1024);
        CompletableFuture<Object[]> closed = new CompletableFuture<>();

        TlsClient.connect(this.clientReactor, "localhost", server.port(), clientConfig("TLSv1.3"), client -> {
            client.onLoad((c, data) -> received.put(data));
            client.onClose((c, reason, cause) -> closed.complete(new Object[] {reason, cause}));
        });

        assertThat(closed.get(WAIT, TimeUnit.SECONDS)).containsExactly(CloseReason.PEER, null);
        assertThat(received.flip()).isEqualTo(ByteBuffer.wrap(banner));
        awaitSize(serverEvents, 3);
        assertThat(serverEvents).containsExactly("paused=true", TlsEvents.SSL_ACCEPT, Events.CLOSE + " LOCAL null");
    }

    /**
     * Row S6: a peer's {@code close_notify} and a peer that only FINs are told apart: {@code CLOSE(PEER,
     * null)} against {@code CLOSE(PEER, TlsTruncationException)}, a cause of its own type, so
     * that metrics can tell them apart too.
     */
    @Test
    void shouldTellAnOrderlyCloseFromATruncatedStream() throws Exception {
        List<Object[]> closes = new CopyOnWriteArrayList<>();
        SuperServer server = TlsServer.listen(this.group, loopback(), TlsConfig.of(serverContext), srv ->
                srv.onAccept((s, client) -> {
                    client.onLoad((c, data) -> c.dump(data));
                    client.onClose((c, reason, cause) -> closes.add(new Object[] {reason, cause}));
                }));

        // an SSLSocket that closes properly sends close_notify
        try (SSLSocket orderly = jdkClient(server.port())) {
            roundTrip(orderly);
        }
        awaitSize(closes, 1);
        assertThat(closes.get(0)).containsExactly(CloseReason.PEER, null);

        // closing the TCP socket under the TLS one sends a FIN without close_notify
        Socket tcp = new Socket("127.0.0.1", server.port());
        try (tcp) {
            SSLSocket truncating = (SSLSocket) clientContext.getSocketFactory().createSocket(tcp, "localhost",
                    server.port(), false);
            truncating.setSoTimeout(20_000);
            roundTrip(truncating);
        }
        awaitSize(closes, 2);
        assertThat(closes.get(1)[0]).isEqualTo(CloseReason.PEER);
        assertThat(closes.get(1)[1]).isInstanceOf(TlsTruncationException.class);
    }

    @Test
    void shouldHalfCloseWithCloseNotifyAndStillReadTheAnswerInTls13() throws Exception {
        String protocol = "TLSv1.3";
        List<String> serverEvents = new CopyOnWriteArrayList<>();
        SuperServer server = echoServer(serverEvents);
        StringBuffer received = new StringBuffer();
        CompletableFuture<Object[]> closed = new CompletableFuture<>();

        TlsClient.connect(this.clientReactor, "localhost", server.port(), clientConfig(protocol), client -> {
            TlsEvents.onSslConnect(client, c -> {
                c.dump("last words");
                c.shutdownOutput();
            });
            client.onLoad((c, data) -> received.append(StandardCharsets.UTF_8.decode(data)));
            client.onClose((c, reason, cause) -> closed.complete(new Object[] {reason, cause}));
        });

        Object[] close = closed.get(WAIT, TimeUnit.SECONDS);
        awaitSize(serverEvents, 3);
        // the server read everything, then the client's close_notify as an orderly end of stream
        assertThat(serverEvents).containsExactly(Events.ACCEPT, TlsEvents.SSL_ACCEPT + " " + protocol,
                Events.CLOSE + " PEER");
        assertThat(received).hasToString("last words");
        assertThat(close).containsExactly(CloseReason.PEER, null);
    }

    @Test
    void shouldSendCloseNotifyWhenTheServerCloses() throws Exception {
        SuperServer server = TlsServer.listen(this.group, loopback(), TlsConfig.of(serverContext), srv ->
                srv.onAccept((s, client) -> TlsEvents.onSslAccept(client, c -> {
                    c.dump("bye\n");
                    c.close();
                })));
        CompletableFuture<Object[]> closed = new CompletableFuture<>();
        StringBuilder text = new StringBuilder();

        TlsClient.connect(this.clientReactor, "localhost", server.port(), clientConfig("TLSv1.2"), client -> {
            client.onLoad((c, data) -> text.append(StandardCharsets.UTF_8.decode(data)));
            client.onClose((c, reason, cause) -> closed.complete(new Object[] {reason, cause}));
        });

        assertThat(closed.get(WAIT, TimeUnit.SECONDS)).containsExactly(CloseReason.PEER, null);
        assertThat(text).hasToString("bye\n");
    }

    /**
     * Row S6: a server-side {@code close()} sends {@code close_notify} then FIN within 3 s. TLS 1.2
     * sends alerts as records of their own type (21), so a client that reads the raw TCP stream
     * under its TLS socket sees the alert record and then the end of the stream, and nothing else.
     */
    @Test
    void shouldSendCloseNotifyThenFinWithinThreeSecondsOfAServerClose() throws Exception {
        AtomicLong closedAt = new AtomicLong();
        SuperServer server = TlsServer.listen(this.group, loopback(), TlsConfig.of(serverContext), srv ->
                srv.onAccept((s, client) -> TlsEvents.onSslAccept(client, c -> {
                    c.dump("bye\n");
                    closedAt.set(System.nanoTime());
                    c.close();
                })));

        byte[] rest;
        long finAt;
        try (Socket tcp = new Socket("127.0.0.1", server.port())) {
            tcp.setSoTimeout(20_000);
            SSLSocket tls = (SSLSocket) clientContext.getSocketFactory().createSocket(tcp, "localhost",
                    server.port(), false);
            tls.setEnabledProtocols(new String[] {"TLSv1.2"});
            tls.startHandshake();
            assertThat(new String(tls.getInputStream().readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("bye\n");
            // the TLS socket reads record by record, so what follows is still in the TCP stream
            rest = tcp.getInputStream().readAllBytes();
            finAt = System.nanoTime();
        }

        long millis = TimeUnit.NANOSECONDS.toMillis(finAt - closedAt.get());
        Figures.record("S6", "time from close() to close_notify and FIN", millis, "ms");
        assertThat(rest).hasSizeGreaterThan(5);
        assertThat(rest[0]).as("an alert record").isEqualTo((byte) 21);
        assertThat((rest[3] & 0xff) << 8 | rest[4] & 0xff).as("one record, then the end").isEqualTo(rest.length - 5);
        assertThat(millis).isLessThan(3_000);
    }

    private static SSLSocket jdkClient(int port) throws IOException {
        SSLSocket socket = (SSLSocket) clientContext.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static void roundTrip(SSLSocket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        out.write("ping".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertThat(new String(in.readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("ping");
    }

    static void awaitSize(List<?> list, int size) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(WAIT)).until(() -> list.size() >= size);
    }
}
