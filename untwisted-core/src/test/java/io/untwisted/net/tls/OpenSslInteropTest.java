package io.untwisted.net.tls;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.untwisted.event.Events;
import io.untwisted.net.CloseReason;
import io.untwisted.net.SuperServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real TLS implementation on the other side: {@code openssl s_client} against our server, and
 * our client against {@code openssl s_server}. Skipped when openssl is missing, unless
 * {@code CI=true}.
 */
@Timeout(120)
class OpenSslInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern ACCEPT_LINE = Pattern.compile("ACCEPT 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    static Path dir;

    private static TestPki serverPki;
    private static TestPki clientPki;
    private static Path serverCert;
    private static Path serverKey;
    private static Path clientCert;
    private static Path clientKey;

    private TlsFixture fixture;

    @BeforeAll
    static void prepare() throws Exception {
        ExternalProcess.assumeInstalled("openssl", "version");
        serverPki = TestPki.create(dir, "server", "localhost", "dns:localhost,ip:127.0.0.1");
        clientPki = TestPki.create(dir, "client", "openssl client", null);
        serverCert = serverPki.writeCertificatePem(dir.resolve("server.crt"));
        serverKey = serverPki.writeKeyPem(dir.resolve("server.key"));
        clientCert = clientPki.writeCertificatePem(dir.resolve("client.crt"));
        clientKey = clientPki.writeKeyPem(dir.resolve("client.key"));
    }

    @BeforeEach
    void start() {
        this.fixture = new TlsFixture();
    }

    @AfterEach
    void stop() throws InterruptedException {
        this.fixture.close();
    }

    @ParameterizedTest
    @CsvSource({"-tls1_3, TLSv1.3", "-tls1_2, TLSv1.2"})
    void shouldEchoToOpensslSClientAndSeeItsCloseNotify(String flag, String protocol) throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        SuperServer server = echoServer(TlsConfig.of(TestPki.context(serverPki)), events);

        try (ExternalProcess client = ExternalProcess.start("openssl", "s_client",
                "-connect", "127.0.0.1:" + server.port(), "-servername", "localhost",
                "-CAfile", serverCert.toString(), "-verify_return_error", "-verify_hostname", "localhost",
                "-quiet", "-no_ign_eof", flag)) {
            client.send("hello from openssl\n");
            client.awaitOutput("hello from openssl", WAIT);
            // end of input: s_client sends close_notify and exits
            client.closeInput();
            assertThat(client.awaitExit(WAIT)).as(client.output()).isZero();
        }

        TlsEchoTest.awaitSize(events, 3);
        assertThat(events).containsExactly(Events.ACCEPT, "ssl_accept " + protocol, "close PEER null");
    }

    @Test
    void shouldAuthenticateOpensslSClientWithItsCertificate() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        TlsConfig need = TlsConfig.builder(TestPki.context(serverPki, clientPki)).clientAuth(ClientAuth.NEED).build();
        SuperServer server = TlsServer.listen(this.fixture.group, new InetSocketAddress("127.0.0.1", 0), need, srv ->
                srv.onAccept((s, client) -> {
                    TlsEvents.onSslAccept(client, c -> {
                        events.add("peer " + TlsTransport.of(c).session().getPeerPrincipal().getName());
                        c.dump("welcome\n");
                    });
                    TlsEvents.onSslAcceptErr(client, (c, cause) -> events.add("ssl_accept_err " + cause));
                }));

        try (ExternalProcess client = ExternalProcess.start("openssl", "s_client",
                "-connect", "127.0.0.1:" + server.port(), "-servername", "localhost",
                "-CAfile", serverCert.toString(), "-verify_return_error",
                "-cert", clientCert.toString(), "-key", clientKey.toString(), "-quiet", "-no_ign_eof")) {
            client.awaitOutput("welcome", WAIT);
            client.closeInput();
            client.awaitExit(WAIT);
        }

        assertThat(events).containsExactly("peer CN=openssl client");
    }

    @ParameterizedTest
    @CsvSource({"-tls1_3, TLSv1.3", "-tls1_2, TLSv1.2"})
    void shouldTalkToOpensslSServer(String flag, String protocol) throws Exception {
        try (ExternalProcess server = ExternalProcess.start("openssl", "s_server",
                "-accept", "127.0.0.1:0", "-cert", serverCert.toString(), "-key", serverKey.toString(),
                "-rev", "-naccept", "1", flag)) {
            server.awaitOutput("ACCEPT 127.0.0.1:", WAIT);
            Matcher accept = ACCEPT_LINE.matcher(server.output());
            assertThat(accept.find()).as(server.output()).isTrue();
            int port = Integer.parseInt(accept.group(1));
            List<String> events = new CopyOnWriteArrayList<>();
            StringBuffer received = new StringBuffer();
            CompletableFuture<Void> closed = new CompletableFuture<>();

            // the host name is checked against openssl's certificate, and sent as SNI
            TlsClient.connect(this.fixture.clientReactor, "localhost", port,
                    TlsConfig.of(TestPki.context(null, serverPki)), client -> {
                        TlsEvents.onSslConnect(client, c -> {
                            events.add("ssl_connect " + TlsTransport.of(c).session().getProtocol());
                            c.dump("untwisted\n");
                        });
                        TlsEvents.onSslConnectErr(client, (c, cause) -> events.add("ssl_connect_err " + cause));
                        client.onLoad((c, data) -> {
                            received.append(StandardCharsets.UTF_8.decode(data));
                            if (received.indexOf("\n") >= 0) {
                                c.close();
                            }
                        });
                        client.onClose((c, reason, cause) -> {
                            events.add("close " + reason);
                            closed.complete(null);
                        });
                    });

            closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(received.toString()).isEqualTo("detsiwtnu\n");
            assertThat(events).containsExactly("ssl_connect " + protocol, "close " + CloseReason.LOCAL);
            // -naccept 1: s_server exits once our close_notify ended its only connection
            assertThat(server.awaitExit(WAIT)).as(server.output()).isZero();
            assertThat(server.output()).contains("CONNECTION CLOSED");
        }
    }

    /**
     * Row S5 with a TLS implementation other than the JDK's: openssl s_client's {@code R} command
     * starts a TLS 1.2 renegotiation, which the server refuses by closing the connection.
     */
    @Test
    void shouldRefuseARenegotiationStartedByOpensslSClient() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        SuperServer server = echoServer(TlsConfig.of(TestPki.context(serverPki)), events);

        try (ExternalProcess client = ExternalProcess.start("openssl", "s_client",
                "-connect", "127.0.0.1:" + server.port(), "-servername", "localhost",
                "-CAfile", serverCert.toString(), "-verify_return_error", "-tls1_2")) {
            client.send("before\n");
            client.awaitOutput("before", WAIT);
            // a line that is just R makes s_client renegotiate (without -quiet, which turns commands off)
            client.send("R\n");
            client.awaitOutput("RENEGOTIATING", WAIT);
            client.awaitExit(WAIT);
        }

        TlsEchoTest.awaitSize(events, 3);
        assertThat(events).containsExactly(Events.ACCEPT, "ssl_accept TLSv1.2", "close ERROR "
                + "javax.net.ssl.SSLHandshakeException: TLS renegotiation started by the client is refused");
    }

    /** Row S4 with a real TLS 1.1 client: openssl s_client -tls1_1 is refused with a protocol_version alert. */
    @Test
    void shouldRefuseOpensslSClientOfferingOnlyTls11() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        SuperServer server = echoServer(TlsConfig.of(TestPki.context(serverPki)), events);

        try (ExternalProcess client = ExternalProcess.start("openssl", "s_client",
                "-connect", "127.0.0.1:" + server.port(), "-servername", "localhost", "-tls1_1",
                // OpenSSL 3 refuses TLS 1.1 itself at its default security level
                "-cipher", "DEFAULT@SECLEVEL=0")) {
            client.closeInput();
            assertThat(client.awaitExit(WAIT)).as(client.output()).isNotZero();
            assertThat(client.output()).contains("protocol version");
        }

        TlsEchoTest.awaitSize(events, 3);
        assertThat(events.get(1)).startsWith("ssl_accept_err javax.net.ssl.SSLHandshakeException")
                .contains("TLSv1.1");
    }

    private SuperServer echoServer(TlsConfig config, List<String> events) throws Exception {
        return TlsServer.listen(this.fixture.group, new InetSocketAddress("127.0.0.1", 0), config, srv ->
                srv.onAccept((s, client) -> {
                    events.add(Events.ACCEPT);
                    TlsEvents.onSslAccept(client, c ->
                            events.add("ssl_accept " + TlsTransport.of(c).session().getProtocol()));
                    TlsEvents.onSslAcceptErr(client, (c, cause) -> events.add("ssl_accept_err " + cause));
                    client.onLoad((c, data) -> c.dump(data));
                    client.onClose((c, reason, cause) -> events.add("close " + reason + " " + cause));
                }));
    }
}
