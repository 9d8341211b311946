package io.untwisted.net.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import io.untwisted.event.Events;
import io.untwisted.net.SuperServer;
import io.untwisted.net.tls.TlsFixture.Recorder;
import io.untwisted.net.tls.TlsFixture.Witness;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every way a handshake fails gives the right error event, closes that connection with a clear
 * cause, is counted with the right {@link TlsFailureReason}, and leaves a healthy connection to the
 * same server (the witness) working. Row S5 (renegotiation) is proven here; rows S1 to S4 are in
 * {@link TlsHostilePeerTest}.
 */
@Timeout(120)
class TlsHandshakeFailureTest {

    @TempDir
    static Path pkiDir;

    private static TestPki serverPki;
    private static TestPki clientPki;
    private static TestPki roguePki;

    private TlsFixture fixture;
    private Recorder recorder;
    private FailureCounter failures;

    @BeforeAll
    static void makeCertificates() throws Exception {
        serverPki = TestPki.create(pkiDir, "server", "localhost", "dns:localhost,ip:127.0.0.1");
        clientPki = TestPki.create(pkiDir, "client", "untwisted test client", null);
        roguePki = TestPki.create(pkiDir, "rogue", "localhost", "dns:localhost,ip:127.0.0.1");
    }

    @BeforeEach
    void start() {
        this.fixture = new TlsFixture();
        this.recorder = new Recorder();
        this.failures = new FailureCounter();
    }

    @AfterEach
    void stop() throws InterruptedException {
        this.fixture.close();
    }

    private static TlsConfig serverConfig() throws Exception {
        return TlsConfig.of(TestPki.context(serverPki));
    }

    private static TlsConfig trustingClient() throws Exception {
        return TlsConfig.of(TestPki.context(null, serverPki));
    }

    // ---- the client refuses the server ----------------------------------------------------------

    @Test
    void shouldFailTheClientWhenTheCertificateDoesNotNameTheHost() throws Exception {
        SuperServer server = this.fixture.echoServer(serverConfig(), this.recorder, this.failures);
        Witness witness = this.fixture.witness("localhost", server.port(), trustingClient());
        // a name that resolves to 127.0.0.1 without DNS, but that the certificate does not carry
        InetSocketAddress wrongName = new InetSocketAddress(
                InetAddress.getByAddress("wrong.example", new byte[] {127, 0, 0, 1}), server.port());

        ClientOutcome outcome = connect(wrongName, trustingClient());

        assertThat(outcome.events()).containsExactly(Events.CONNECT, "ssl_connect_err SSLHandshakeException",
                "close ERROR SSLHandshakeException");
        assertThat(outcome.failure()).hasMessageContaining("wrong.example");
        assertThat(this.recorder.awaitClosed(outcome.port())).containsExactly(Events.ACCEPT,
                "ssl_accept_err SSLHandshakeException", "close ERROR SSLHandshakeException");
        assertFailure(TlsFailureReason.CERTIFICATE);
        witness.assertEchoes("after");
    }

    @Test
    void shouldFailTheClientWhenTheCertificateIsNotTrusted() throws Exception {
        SuperServer server = this.fixture.echoServer(serverConfig(), this.recorder, this.failures);
        Witness witness = this.fixture.witness("localhost", server.port(), trustingClient());

        ClientOutcome outcome = connect(InetSocketAddress.createUnresolved("localhost", server.port()),
                TlsConfig.of(TestPki.context(null, roguePki)));

        assertThat(outcome.events()).containsExactly(Events.CONNECT, "ssl_connect_err SSLHandshakeException",
                "close ERROR SSLHandshakeException");
        assertThat(outcome.failure()).hasMessageContaining("PKIX");
        assertThat(this.recorder.awaitClosed(outcome.port())).containsExactly(Events.ACCEPT,
                "ssl_accept_err SSLHandshakeException", "close ERROR SSLHandshakeException");
        assertFailure(TlsFailureReason.CERTIFICATE);
        witness.assertEchoes("after");
    }

    @Test
    void shouldFailBothSidesWhenNoProtocolIsShared() throws Exception {
        SuperServer server = this.fixture.echoServer(
                TlsConfig.builder(TestPki.context(serverPki)).protocols("TLSv1.3").build(), this.recorder, this.failures);
        Witness witness = this.fixture.witness("localhost", server.port(), trustingClient());

        ClientOutcome outcome = connect(InetSocketAddress.createUnresolved("localhost", server.port()),
                TlsConfig.builder(TestPki.context(null, serverPki)).protocols("TLSv1.2").build());

        assertThat(outcome.events()).contains("ssl_connect_err SSLHandshakeException");
        assertThat(this.recorder.awaitClosed(outcome.port())).containsExactly(Events.ACCEPT,
                "ssl_accept_err SSLHandshakeException", "close ERROR SSLHandshakeException");
        assertFailure(TlsFailureReason.PROTOCOL);
        witness.assertEchoes("after");
    }

    // ---- the server refuses the client ----------------------------------------------------------

    @Test
    void shouldCloseAPlaintextClientWithAClearCause() throws Exception {
        SuperServer server = this.fixture.echoServer(serverConfig(), this.recorder, this.failures);
        Witness witness = this.fixture.witness("localhost", server.port(), trustingClient());

        int port = sendAndExpectClose(server.port(), "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));

        assertThat(this.recorder.awaitClosed(port)).containsExactly(Events.ACCEPT,
                "ssl_accept_err SSLException", "close ERROR SSLException");
        assertThat(this.recorder.cause(port)).hasMessageContaining("plaintext");
        assertFailure(TlsFailureReason.NOT_TLS);
        witness.assertEchoes("after");
    }

    @Test
    void shouldTimeOutAClientWhoseServerNeverAnswersTheHello() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ClientOutcome outcome = connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort()),
                    TlsConfig.builder(TestPki.context(null, serverPki)).handshakeTimeout(Duration.ofMillis(500)).build());

            assertThat(outcome.events()).containsExactly(Events.CONNECT,
                    "ssl_connect_err TlsHandshakeTimeoutException", "close ERROR TlsHandshakeTimeoutException");
        }
    }

    @Test
    void shouldReportAPeerThatClosesMidHandshake() throws Exception {
        SuperServer server = this.fixture.echoServer(serverConfig(), this.recorder, this.failures);
        Witness witness = this.fixture.witness("localhost", server.port(), trustingClient());
        byte[] hello = clientHello();

        int port;
        try (Socket socket = rawClient(server.port())) {
            port = socket.getLocalPort();
            socket.getOutputStream().write(Arrays.copyOf(hello, hello.length / 2));
            socket.getOutputStream().flush();
        }

        assertThat(this.recorder.awaitClosed(port)).containsExactly(Events.ACCEPT,
                "ssl_accept_err SSLHandshakeException", "close ERROR SSLHandshakeException");
        assertThat(this.recorder.cause(port)).hasMessageContaining("closed the connection during the TLS handshake");
        assertFailure(TlsFailureReason.CLOSED);
        witness.assertEchoes("after");
    }

    @Test
    void shouldReportALocalCloseBeforeTheHandshakeAsAHandshakeFailure() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        SuperServer server = TlsServer.listen(this.fixture.group, new InetSocketAddress("127.0.0.1", 0),
                serverConfig(), srv -> srv.observer(this.failures).onAccept((s, client) -> {
                    TlsEvents.onSslAcceptErr(client, (c, cause) -> events.add("ssl_accept_err " + cause.getMessage()));
                    client.onClose((c, reason, cause) -> events.add("close " + reason + " " + cause));
                    client.close();
                }));

        try (Socket socket = rawClient(server.port())) {
            expectClosed(socket);
        }

        TlsEchoTest.awaitSize(events, 2);
        assertThat(events).containsExactly(
                "ssl_accept_err the connection closed (local) before the TLS handshake completed", "close LOCAL null");
        assertFailure(TlsFailureReason.CLOSED);
    }

    // ---- client certificates --------------------------------------------------------------------

    @Test
    void shouldRequireAClientCertificateWhenClientAuthIsNeed() throws Exception {
        TlsConfig need = TlsConfig.builder(TestPki.context(serverPki, clientPki)).clientAuth(ClientAuth.NEED).build();
        SuperServer server = this.fixture.echoServer(need, this.recorder, this.failures);
        Witness witness = this.fixture.witness("localhost", server.port(),
                TlsConfig.of(TestPki.context(clientPki, serverPki)));
        SSLSession session = serverSessionOf(server, witness);
        assertThat(session.getPeerPrincipal().getName()).isEqualTo("CN=untwisted test client");

        ClientOutcome anonymous = connect(InetSocketAddress.createUnresolved("localhost", server.port()),
                trustingClient());

        // with TLS 1.3 the client may finish its side before the server refuses it; either way it fails
        assertThat(anonymous.events()).last().asString().startsWith("close ERROR SSL");
        assertThat(this.recorder.awaitClosed(anonymous.port())).containsExactly(Events.ACCEPT,
                "ssl_accept_err SSLHandshakeException", "close ERROR SSLHandshakeException");
        assertFailure(TlsFailureReason.CERTIFICATE);
        witness.assertEchoes("after");
    }

    @Test
    void shouldServeAClientWithoutCertificateWhenClientAuthIsWant() throws Exception {
        TlsConfig want = TlsConfig.builder(TestPki.context(serverPki, clientPki)).clientAuth(ClientAuth.WANT).build();
        SuperServer server = this.fixture.echoServer(want, this.recorder, this.failures);

        Witness anonymous = this.fixture.witness("localhost", server.port(), trustingClient());
        Witness identified = this.fixture.witness("localhost", server.port(),
                TlsConfig.of(TestPki.context(clientPki, serverPki)));

        assertThatThrownBy(() -> serverSessionOf(server, anonymous).getPeerPrincipal())
                .isInstanceOf(SSLPeerUnverifiedException.class);
        assertThat(serverSessionOf(server, identified).getPeerPrincipal().getName())
                .isEqualTo("CN=untwisted test client");
    }

    // ---- renegotiation --------------------------------------------------------------------------

    /**
     * Row S5: a real JDK client ({@link SSLSocket#startHandshake()} a second time on TLS 1.2) starts
     * a renegotiation; the server refuses it and closes, although JDK 17 itself would accept it.
     */
    @Test
    void shouldRefuseTls12RenegotiationStartedByTheClient() throws Exception {
        SuperServer server = this.fixture.echoServer(serverConfig(), this.recorder, this.failures);
        Witness witness = this.fixture.witness("localhost", server.port(), trustingClient());
        SSLContext context = TestPki.context(null, serverPki);

        int port;
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            port = socket.getLocalPort();
            socket.setSoTimeout(20_000);
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("one".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readNBytes(3)).isEqualTo("one".getBytes(StandardCharsets.US_ASCII));

            assertThatThrownBy(() -> {
                socket.startHandshake();
                out.write("two".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (in.read() == -1) {
                    throw new IOException("closed by the server");
                }
            }).isInstanceOf(IOException.class);
        }

        assertThat(this.recorder.awaitClosed(port)).containsExactly(Events.ACCEPT, "ssl_accept",
                "close ERROR SSLHandshakeException");
        assertThat(this.recorder.cause(port)).hasMessageContaining("renegotiation");
        witness.assertEchoes("after");
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** Waits for the one failed handshake the server counted, and checks its reason. */
    private void assertFailure(TlsFailureReason reason) {
        org.awaitility.Awaitility.await().atMost(TlsFixture.WAIT).until(() -> this.failures.total() >= 1);
        assertThat(this.failures.count(reason)).as("%s", this.failures).isEqualTo(this.failures.total()).isEqualTo(1);
    }

    private record ClientOutcome(List<String> events, Throwable failure, int port) {
    }

    /** Connects a TLS client that is expected to fail, and returns what it saw once it closed. */
    private ClientOutcome connect(InetSocketAddress address, TlsConfig config) throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        TlsClient.connect(this.fixture.clientReactor, address, config, Duration.ofSeconds(10), client -> {
            client.onConnect(c -> {
                events.add(Events.CONNECT);
                port.complete(((InetSocketAddress) c.localAddress()).getPort());
            });
            TlsEvents.onSslConnect(client, c -> events.add(TlsEvents.SSL_CONNECT));
            TlsEvents.onSslConnectErr(client, (c, cause) -> {
                events.add(TlsEvents.SSL_CONNECT_ERR + " " + cause.getClass().getSimpleName());
                failure.complete(cause);
            });
            client.onClose((c, reason, cause) -> {
                events.add("close " + reason + " " + (cause == null ? null : cause.getClass().getSimpleName()));
                failure.complete(cause);
            });
        });
        Throwable cause = failure.get(TlsFixture.WAIT.toSeconds(), TimeUnit.SECONDS);
        TlsEchoTest.awaitSize(events, 1);
        org.awaitility.Awaitility.await().atMost(TlsFixture.WAIT)
                .until(() -> events.stream().anyMatch(e -> e.startsWith("close")));
        return new ClientOutcome(events, cause, port.get(1, TimeUnit.SECONDS));
    }

    static Socket rawClient(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(20_000);
        return socket;
    }

    /** Sends {@code bytes} on a plain TCP connection and checks that the server ends it. */
    static int sendAndExpectClose(int port, byte[] bytes) throws IOException {
        try (Socket socket = rawClient(port)) {
            try {
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
            }
            catch (SocketException ex) {
                // the server may reset the connection before everything was written
            }
            expectClosed(socket);
            return socket.getLocalPort();
        }
    }

    /** Reads until the server ends the connection: an alert then FIN, or a reset; never a timeout. */
    static void expectClosed(Socket socket) throws IOException {
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            while (in.read(buffer) != -1) {
                // an alert record may come first
            }
        }
        catch (SocketTimeoutException ex) {
            throw new AssertionError("the server did not close the connection", ex);
        }
        catch (SocketException ex) {
            // a reset also ends it
        }
    }

    /** A real ClientHello, as the JDK would send it. */
    private static byte[] clientHello() throws Exception {
        return clientHello(TestPki.context(null, serverPki));
    }

    /** The first flight of a client made from {@code context}: its ClientHello, in one record or more. */
    static byte[] clientHello(SSLContext context) throws Exception {
        SSLEngine engine = context.createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        engine.beginHandshake();
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        return Arrays.copyOf(out.array(), out.position());
    }

    private static SSLSession serverSessionOf(SuperServer server, Witness witness) {
        int port = ((InetSocketAddress) witness.socket().localAddress()).getPort();
        return server.clients().stream()
                .filter(c -> ((InetSocketAddress) c.remoteAddress()).getPort() == port)
                .map(c -> TlsTransport.of(c).session())
                .findFirst().orElseThrow();
    }
}
