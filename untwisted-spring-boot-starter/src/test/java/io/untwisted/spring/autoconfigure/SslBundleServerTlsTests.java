package io.untwisted.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

import io.micrometer.core.instrument.MeterRegistry;
import io.untwisted.net.SuperSocket;
import io.untwisted.net.tls.TlsEvents;
import io.untwisted.net.tls.TlsTransport;
import io.untwisted.spring.annotation.OnEvent;
import io.untwisted.spring.annotation.SocketServer;
import io.untwisted.spring.metrics.UntwistedMeters;
import io.untwisted.spring.testsupport.Runners;
import io.untwisted.spring.testsupport.SimpleRegistry;
import io.untwisted.spring.testsupport.TestKeyStores;
import io.untwisted.split.Terminator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** untwisted.servers.<name>.ssl.* with Spring Boot SSL bundles, over real TLS sockets. */
class SslBundleServerTlsTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    private static TestKeyStores server;
    private static TestKeyStores client;

    @BeforeAll
    static void makeCertificates() throws Exception {
        server = TestKeyStores.create(dir, "server", "localhost", "dns:localhost,ip:127.0.0.1");
        client = TestKeyStores.create(dir, "client", "bundle test client", null);
    }

    private static ApplicationContextRunner runner() {
        return Runners.untwisted().withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withUserConfiguration(SimpleRegistry.class).withBean("secure", Secure.class);
    }

    private static String[] jksBundle() {
        return new String[] {"spring.ssl.bundle.jks.web.keystore.location=file:" + server.keyStore(),
                "spring.ssl.bundle.jks.web.keystore.password=" + TestKeyStores.PASSWORD,
                "spring.ssl.bundle.jks.web.keystore.type=PKCS12"};
    }

    @Test
    void shouldServeTlsWithAJksBundleAndCountTheHandshake() {
        runner().withPropertyValues(jksBundle()).withPropertyValues("untwisted.servers.secure.ssl.bundle=web")
                .run(context -> {
                    Secure handlers = context.getBean(Secure.class);
                    try (SSLSocket socket = connect(TestKeyStores.clientContext(null, server),
                            Runners.port(context, "secure"))) {
                        assertThat(readLine(socket)).isEqualTo("welcome");
                        send(socket, "ping\n");
                        assertThat(readLine(socket)).isEqualTo("echo ping");
                        assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
                    }
                    assertThat(handlers.events).containsExactly("ssl_accept");
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(registry.get(UntwistedMeters.EVENTS.getName())
                            .tag("server", "secure").tag("event", TlsEvents.SSL_ACCEPT).counter().count())
                            .isEqualTo(1));
                });
    }

    @Test
    void shouldApplyTheBundlesProtocols() {
        runner().withPropertyValues(jksBundle())
                .withPropertyValues("spring.ssl.bundle.jks.web.options.enabled-protocols=TLSv1.2",
                        "untwisted.servers.secure.ssl.bundle=web")
                .run(context -> {
                    try (SSLSocket socket = connect(TestKeyStores.clientContext(null, server),
                            Runners.port(context, "secure"))) {
                        assertThat(readLine(socket)).isEqualTo("welcome");
                        assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
                    }
                });
    }

    @Test
    void shouldRequireClientCertificatesFromAPemBundleWhenClientAuthIsNeed() throws Exception {
        Path serverCert = server.writeCertificatePem(dir.resolve("server.crt"));
        Path serverKey = server.writeKeyPem(dir.resolve("server.key"));
        Path clientCert = client.writeCertificatePem(dir.resolve("client.crt"));
        runner().withPropertyValues("spring.ssl.bundle.pem.mtls.keystore.certificate=file:" + serverCert,
                "spring.ssl.bundle.pem.mtls.keystore.private-key=file:" + serverKey,
                "spring.ssl.bundle.pem.mtls.truststore.certificate=file:" + clientCert,
                "untwisted.servers.secure.ssl.bundle=mtls", "untwisted.servers.secure.ssl.client-auth=need")
                .run(context -> {
                    Secure handlers = context.getBean(Secure.class);
                    int port = Runners.port(context, "secure");
                    try (SSLSocket socket = connect(TestKeyStores.clientContext(client, server), port)) {
                        assertThat(readLine(socket)).isEqualTo("welcome");
                    }
                    assertThat(handlers.peers).containsExactly("CN=bundle test client");

                    try (SSLSocket anonymous = connect(TestKeyStores.clientContext(null, server), port)) {
                        // TLS 1.3 lets the client finish first; the server's refusal arrives on the first read
                        assertThatThrownBy(() -> readLine(anonymous)).isInstanceOf(IOException.class);
                    }
                    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(handlers.events)
                            .containsExactly("ssl_accept", "ssl_accept_err SSLHandshakeException"));
                });
    }

    @Test
    void shouldCountFailedHandshakesByReason() {
        runner().withPropertyValues(jksBundle())
                .withPropertyValues("untwisted.servers.secure.ssl.bundle=web",
                        "untwisted.servers.secure.ssl.handshake-timeout=500ms")
                .run(context -> {
                    int port = Runners.port(context, "secure");
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    try (Socket plaintext = new Socket("127.0.0.1", port); Socket silent = new Socket("127.0.0.1", port)) {
                        plaintext.setSoTimeout((int) TIMEOUT.toMillis());
                        silent.setSoTimeout((int) TIMEOUT.toMillis());
                        plaintext.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        expectClosed(plaintext);
                        expectClosed(silent);
                    }
                    try (SSLSocket socket = connect(TestKeyStores.clientContext(null, server), port)) {
                        assertThat(readLine(socket)).isEqualTo("welcome");
                    }
                    await().atMost(TIMEOUT).untilAsserted(() -> {
                        assertThat(handshakeFailures(registry, "not_tls")).isEqualTo(1);
                        assertThat(handshakeFailures(registry, "timeout")).isEqualTo(1);
                    });
                    assertThat(registry.get(UntwistedMeters.TLS_HANDSHAKE_FAILURES.getName()).tag("server", "secure")
                            .counters()).extracting(counter -> counter.getId().getTag("reason")).containsExactlyInAnyOrder(
                                    "timeout", "not_tls", "certificate", "closed", "protocol", "other");
                    assertThat(handshakeFailures(registry, "protocol")).isZero();
                });
    }

    private static double handshakeFailures(MeterRegistry registry, String reason) {
        return registry.get(UntwistedMeters.TLS_HANDSHAKE_FAILURES.getName()).tag("server", "secure")
                .tag("reason", reason).counter().count();
    }

    /** Reads until the server ends the connection (an alert may come first, or a reset). */
    private static void expectClosed(Socket socket) throws IOException {
        try {
            InputStream in = socket.getInputStream();
            while (in.read(new byte[1024]) != -1) {
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

    @Test
    void shouldFailStartupWhenTheBundleDoesNotExist() {
        runner().withPropertyValues("untwisted.servers.secure.ssl.bundle=missing").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining(
                    "untwisted server 'secure': ssl.bundle 'missing' does not exist");
        });
    }

    @Test
    void shouldFailStartupWhenClientAuthIsSetWithoutABundle() {
        runner().withPropertyValues("untwisted.servers.secure.ssl.client-auth=want").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining(
                    "untwisted server 'secure': ssl.client-auth and ssl.handshake-timeout need ssl.bundle");
        });
    }

    private static SSLSocket connect(SSLContext context, int port) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        return socket;
    }

    private static void send(SSLSocket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readLine(SSLSocket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b == -1) {
                throw new IOException("closed by the server after '" + line + "'");
            }
            line.append((char) b);
        }
        return line.toString();
    }

    @SocketServer(name = "secure", delimiter = "\n")
    static class Secure {

        final List<String> events = new CopyOnWriteArrayList<>();
        final List<String> peers = new CopyOnWriteArrayList<>();

        @OnEvent(TlsEvents.SSL_ACCEPT)
        String accepted(SuperSocket client) throws Exception {
            this.events.add("ssl_accept");
            try {
                this.peers.add(TlsTransport.of(client).session().getPeerPrincipal().getName());
            }
            catch (SSLPeerUnverifiedException ex) {
                // an anonymous client: only servers with client-auth need/want have peers
            }
            return "welcome\n";
        }

        @OnEvent(TlsEvents.SSL_ACCEPT_ERR)
        void failed(Throwable cause) {
            this.events.add("ssl_accept_err " + cause.getClass().getSimpleName());
        }

        @OnEvent(Terminator.FOUND)
        String line(String line) {
            return "echo " + line + "\n";
        }
    }
}
