package io.untwisted.demo.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import io.untwisted.demo.support.DemoAppTest;
import io.untwisted.demo.support.DemoPorts;
import io.untwisted.demo.support.ExternalClient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

@DemoAppTest
class TlsEchoServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Autowired
    private DemoPorts ports;

    @Autowired
    private DemoTlsProperties properties;

    @Test
    void echoesOverTlsToAClientThatTrustsTheMadeCertificateAndChecksTheHostName() throws Exception {
        try (SSLSocket socket = (SSLSocket) trustingTheDemo().getSocketFactory().createSocket("localhost",
                this.ports.port("tls-echo"))) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] big = new byte[256 * 1024];
            Arrays.fill(big, (byte) 'x');
            out.write("hello, tls\r\n".getBytes(StandardCharsets.UTF_8));
            out.write(big);
            out.flush();
            assertThat(new String(in.readNBytes(12), StandardCharsets.UTF_8)).isEqualTo("hello, tls\r\n");
            assertThat(in.readNBytes(big.length)).isEqualTo(big);
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void closesAPlaintextClient() throws Exception {
        try (Socket plain = new Socket("127.0.0.1", this.ports.port("tls-echo"))) {
            plain.setSoTimeout((int) TIMEOUT.toMillis());
            plain.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            // the server answers with a TLS alert record, if anything, then closes
            byte[] answer = plain.getInputStream().readAllBytes();
            assertThat(answer.length == 0 || answer[0] == 0x15).as("an alert or nothing").isTrue();
        }
        await().atMost(TIMEOUT).until(() -> this.ports.activeConnections("tls-echo") == 0);
    }

    @Test
    void echoesToOpensslSClient(@TempDir Path dir) throws Exception {
        ExternalClient.require("openssl");
        Path ca = dir.resolve("demo-tls.crt");
        Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(demoKeyStore().getCertificate(SelfSignedCertificate.ALIAS).getEncoded())
                + "\n-----END CERTIFICATE-----\n");

        try (ExternalClient.Interactive client = ExternalClient.start(List.of("openssl", "s_client",
                "-connect", "localhost:" + this.ports.port("tls-echo"), "-servername", "localhost",
                "-CAfile", ca.toString(), "-verify_return_error", "-verify_hostname", "localhost",
                "-quiet", "-no_ign_eof"))) {
            client.type("hello from openssl\n");
            await().atMost(TIMEOUT).until(() -> client.output().contains("hello from openssl"));
            assertThat(client.endInput(TIMEOUT)).as(client.output()).isTrue();
        }
        await().atMost(TIMEOUT).until(() -> this.ports.activeConnections("tls-echo") == 0);
    }

    private KeyStore demoKeyStore() throws Exception {
        return KeyStore.getInstance(this.properties.keystoreFile().toFile(), this.properties.password().toCharArray());
    }

    private SSLContext trustingTheDemo() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("demo", demoKeyStore().getCertificate(SelfSignedCertificate.ALIAS));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
