package io.untwisted.net.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import io.untwisted.event.Events;
import io.untwisted.net.SuperServer;
import io.untwisted.net.tls.TlsFixture.Recorder;
import io.untwisted.net.tls.TlsFixture.Witness;
import io.untwisted.testsupport.Figures;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.untwisted.net.tls.TlsHandshakeFailureTest.clientHello;
import static io.untwisted.net.tls.TlsHandshakeFailureTest.expectClosed;
import static io.untwisted.net.tls.TlsHandshakeFailureTest.rawClient;
import static io.untwisted.net.tls.TlsHandshakeFailureTest.sendAndExpectClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Rows S1 to S4 of the reliability matrix: peers that are not TLS, too slow, oversized or
 * incompatible are closed quickly, counted by reason through the server's observer, logged at
 * most once per connection with at most 64 of their bytes, and leave a healthy connection (the
 * witness) and the reactor's CPU alone.
 */
@Timeout(120)
class TlsHostilePeerTest {

    @TempDir
    static Path pkiDir;

    private static TestPki serverPki;
    private static SSLContext serverContext;
    private static SSLContext clientContext;

    private TlsFixture fixture;
    private Recorder recorder;
    private FailureCounter failures;

    @BeforeAll
    static void makeCertificates() throws Exception {
        serverPki = TestPki.create(pkiDir, "server", "localhost", "dns:localhost,ip:127.0.0.1");
        serverContext = TestPki.context(serverPki);
        clientContext = TestPki.context(null, serverPki);
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

    private SuperServer echoServer(TlsConfig config) throws IOException {
        return this.fixture.echoServer(config, this.recorder, this.failures);
    }

    private Witness witness(SuperServer server) throws Exception {
        return this.fixture.witness("localhost", server.port(), TlsConfig.of(clientContext));
    }

    // ---- S1 -------------------------------------------------------------------------------------

    /**
     * Row S1: plaintext HTTP, 16 KiB of random bytes and an SSLv2-style hello on a TLS port are
     * each closed within 1 s and counted as {@code not_tls}; the WARN log says so at most once per
     * connection (one line per reason and second) and quotes at most the first 64 bytes, escaped.
     */
    @Test
    void shouldCloseWrongProtocolPeersWithinASecondCountedAndLoggedOnceAtMost() throws Exception {
        SuperServer server = echoServer(TlsConfig.of(serverContext));
        Witness witness = witness(server);
        String tail = "AFTER-THE-64TH-BYTE";
        byte[] http = ("GET /" + "a".repeat(70) + " HTTP/1.1\r\nX-Tail: " + tail + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);

        try (LogCapture log = new LogCapture()) {
            List<Payload> payloads = List.of(new Payload("http", http), new Payload("random", randomBytes()),
                    new Payload("sslv2 hello", sslV2Hello()));
            for (Payload payload : payloads) {
                long start = System.nanoTime();
                int port = sendAndExpectClose(server.port(), payload.bytes());
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                Figures.record("S1", "time to close (" + payload.name() + ")", millis, "ms");
                assertThat(millis).as(payload.name()).isLessThan(1000);
                List<String> events = this.recorder.awaitClosed(port);
                assertThat(events).as(payload.name()).hasSize(3);
                assertThat(events.get(1)).startsWith("ssl_accept_err SSL");
                assertThat(events.get(2)).startsWith("close ERROR SSL");
            }
            await().atMost(TlsFixture.WAIT).until(() -> this.failures.total() == payloads.size());
            assertThat(this.failures.count(TlsFailureReason.NOT_TLS)).isEqualTo(payloads.size());

            List<String> warnings = log.handshakeWarnings();
            assertThat(warnings).hasSizeBetween(1, payloads.size()).allMatch(line -> line.contains("(not_tls)"));
            String first = warnings.get(0);
            assertThat(first).contains("first 64 bytes from the peer: \"GET /aaaa")
                    .contains(new String(http, 0, 64, StandardCharsets.US_ASCII).replace("\r\n", "\\x0d\\x0a"))
                    .doesNotContain(tail);
            // 64 bytes escaped are at most 256 characters, whatever the peer sent
            assertThat(warnings).allMatch(line -> line.length() < 900, "bounded line length");
        }
        witness.assertEchoes("after");
    }

    /**
     * Row S1 (Netty #2562, CPU DoS on crafted packets): 50 garbage connections cost the reactors
     * little CPU, and once they are closed the reactors are idle again (no spin).
     */
    @Test
    void shouldSpendLittleReactorCpuOnGarbageConnectionsAndNotSpinAfterwards() throws Exception {
        SuperServer server = echoServer(TlsConfig.of(serverContext));
        Witness witness = witness(server);
        ReactorThreads reactors = ReactorThreads.of(this.fixture.group);
        byte[][] payloads = {"GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII), randomBytes(), sslV2Hello()};
        int connections = 50;

        try (LogCapture log = new LogCapture()) {
            long cpuBefore = reactors.cpuNanos();
            long start = System.nanoTime();
            for (int i = 0; i < connections; i++) {
                sendAndExpectClose(server.port(), payloads[i % payloads.length]);
            }
            await().atMost(TlsFixture.WAIT).until(() -> this.failures.total() == connections);
            long wallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            long busyMillis = TimeUnit.NANOSECONDS.toMillis(reactors.cpuNanos() - cpuBefore);

            long idleBefore = reactors.cpuNanos();
            long idleStart = System.nanoTime();
            // a second with nothing but the witness connected: the reactors must sleep through it
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> server.activeConnections() == 1);
            long idleWindowMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - idleStart);
            long idleMillis = TimeUnit.NANOSECONDS.toMillis(reactors.cpuNanos() - idleBefore);

            Figures.record("S1", "reactor CPU for 50 garbage connections", busyMillis, "ms");
            Figures.record("S1", "wall time for 50 garbage connections", wallMillis, "ms");
            Figures.record("S1", "reactor CPU in the idle second after", idleMillis, "ms");
            assertThat(this.failures.count(TlsFailureReason.NOT_TLS)).isEqualTo(connections);
            // a spinning reactor burns its whole window; a failed handshake costs about a millisecond
            assertThat(busyMillis).isLessThan(Math.max(2_000, wallMillis / 2));
            assertThat(idleMillis).isLessThan(Math.max(200, idleWindowMillis / 5));
            // throttled: one line per reason and second, however many peers fail
            assertThat(log.handshakeWarnings()).hasSizeBetween(1, (int) (wallMillis / 1000) + 2);
        }
        witness.assertEchoes("after");
    }

    // ---- S2 -------------------------------------------------------------------------------------

    /**
     * Row S2: with a 500 ms handshake timeout, (a) a peer that sends nothing and (b) a peer that
     * sends half a ClientHello are closed at 500 ms (never before 400 ms) with a
     * {@link TlsHandshakeTimeoutException}, counted as {@code timeout}; a witness on another server
     * of the same reactors keeps echoing meanwhile.
     */
    @Test
    void shouldCloseSilentAndHalfHelloPeersAtTheHandshakeTimeout() throws Exception {
        SuperServer witnessServer = this.fixture.echoServer(TlsConfig.of(serverContext), new Recorder());
        Witness witness = witness(witnessServer);
        SuperServer server = echoServer(TlsConfig.builder(serverContext).handshakeTimeout(Duration.ofMillis(500)).build());
        byte[] hello = clientHello(clientContext);

        for (String kind : List.of("silent", "half hello")) {
            long millis;
            int port;
            try (Socket socket = rawClient(server.port())) {
                long start = System.nanoTime();
                port = socket.getLocalPort();
                if (kind.equals("half hello")) {
                    socket.getOutputStream().write(Arrays.copyOf(hello, hello.length / 2));
                    socket.getOutputStream().flush();
                }
                expectClosed(socket);
                millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            }
            Figures.record("S2", "close time (" + kind + ")", millis, "ms");
            assertThat(millis).as(kind).isGreaterThanOrEqualTo(400).isLessThan(2_500);
            assertThat(this.recorder.awaitClosed(port)).containsExactly(Events.ACCEPT,
                    "ssl_accept_err TlsHandshakeTimeoutException", "close ERROR TlsHandshakeTimeoutException");
            witness.assertEchoes("meanwhile " + kind);
        }
        await().atMost(TlsFixture.WAIT).until(() -> this.failures.total() == 2);
        assertThat(this.failures.count(TlsFailureReason.TIMEOUT)).isEqualTo(2);
    }

    // ---- S3 -------------------------------------------------------------------------------------

    /**
     * Row S3 (a), Tomcat bz 67938: a valid ClientHello larger than one TLS record (16 KiB) is
     * served. A JDK client makes one by offering 80 ALPN protocol names of 250 bytes each; the test
     * first checks that its hello really is over 16 KiB and spread over several records.
     */
    @Test
    void shouldServeAClientHelloLargerThanOneRecord() throws Exception {
        SuperServer server = echoServer(TlsConfig.of(serverContext));
        String[] protocols = new String[80];
        for (int i = 0; i < protocols.length; i++) {
            protocols[i] = String.format("p%03d-", i) + "x".repeat(245);
        }

        List<int[]> records = records(firstFlight(protocols));
        int helloLength = records.get(0)[2];
        Figures.record("S3", "large ClientHello size", helloLength, "bytes");
        assertThat(helloLength).isGreaterThan(16 * 1024);
        assertThat(records).hasSizeGreaterThanOrEqualTo(2).allMatch(record -> record[0] == 22);

        int port;
        try (SSLSocket socket = (SSLSocket) clientContext.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            port = socket.getLocalPort();
            socket.setSoTimeout(20_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(protocols);
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write("large hello".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(new String(socket.getInputStream().readNBytes(11), StandardCharsets.US_ASCII))
                    .isEqualTo("large hello");
        }
        assertThat(this.recorder.awaitClosed(port)).startsWith(Events.ACCEPT, TlsEvents.SSL_ACCEPT);
        assertThat(this.failures.total()).isZero();
    }

    /**
     * Row S3 (b), CVE-2023-34462 shape: a handshake header claiming a 16 MiB ClientHello, and a
     * record header claiming 64 KiB (the most its 16 bits can say; 16 KiB + 2 KiB is the limit),
     * followed by more bytes, fail at once as {@code protocol}, and the server buffers nothing for
     * them: the reactors allocate at most 64 KiB more for such a peer than for a plaintext one that
     * is refused on its first bytes.
     */
    @ParameterizedTest
    @CsvSource({"handshake header claims 16 MiB, 16 03 01 40 00 01 ff ff ff",
            "record header claims 64 KiB, 16 03 03 ff ff 01 00 ff fb"})
    void shouldRefuseOversizedClaimsBeforeBufferingThem(String name, String header) throws Exception {
        SuperServer server = echoServer(TlsConfig.of(serverContext));
        ReactorThreads reactors = ReactorThreads.of(this.fixture.group);
        byte[] hostile = withFiller(hex(header), 2 * 16 * 1024);
        byte[] plaintext = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        // a first round loads every class both take; the second round is measured
        long hostileBytes = 0;
        long plaintextBytes = 0;
        for (int round = 0; round < 2; round++) {
            int failed = this.failures.total();
            long before = reactors.allocatedBytes();
            long start = System.nanoTime();
            sendAndExpectClose(server.port(), hostile);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            await().atMost(TlsFixture.WAIT).until(() -> this.failures.total() == failed + 1);
            hostileBytes = reactors.allocatedBytes() - before;
            assertThat(millis).isLessThan(2_000);

            before = reactors.allocatedBytes();
            sendAndExpectClose(server.port(), plaintext);
            await().atMost(TlsFixture.WAIT).until(() -> this.failures.total() == failed + 2);
            plaintextBytes = reactors.allocatedBytes() - before;
        }

        Figures.record("S3", "reactor heap allocated for one peer: " + name, hostileBytes, "bytes");
        Figures.record("S3", "peak buffered bytes beyond a refused plaintext peer: " + name,
                Math.max(0, hostileBytes - plaintextBytes), "bytes");
        assertThat(this.failures.count(TlsFailureReason.PROTOCOL)).isEqualTo(2);
        assertThat(this.failures.count(TlsFailureReason.NOT_TLS)).isEqualTo(2);
        assertThat(hostileBytes - plaintextBytes).isLessThan(64 * 1024);
    }

    // ---- S4 -------------------------------------------------------------------------------------

    /**
     * Row S4: a client that offers TLS 1.1 only (hand-made, since the JDK disables TLS 1.1 for its
     * own clients) gets a fatal {@code protocol_version} alert and is closed; counted as
     * {@code protocol}.
     */
    @Test
    void shouldRefuseATls11OnlyClient() throws Exception {
        SuperServer server = echoServer(TlsConfig.of(serverContext));
        Witness witness = witness(server);

        int port;
        byte[] answer;
        try (Socket socket = rawClient(server.port())) {
            port = socket.getLocalPort();
            socket.getOutputStream().write(tls11ClientHello());
            socket.getOutputStream().flush();
            answer = readUntilClosed(socket.getInputStream());
        }

        // an alert record: fatal (2), protocol_version (70)
        assertThat(answer).hasSizeGreaterThanOrEqualTo(7);
        assertThat(answer[0]).isEqualTo((byte) 21);
        assertThat(answer[5]).isEqualTo((byte) 2);
        assertThat(answer[6]).isEqualTo((byte) 70);
        assertThat(this.recorder.awaitClosed(port)).containsExactly(Events.ACCEPT,
                "ssl_accept_err SSLHandshakeException", "close ERROR SSLHandshakeException");
        await().atMost(TlsFixture.WAIT).until(() -> this.failures.total() == 1);
        assertThat(this.failures.count(TlsFailureReason.PROTOCOL)).isEqualTo(1);
        witness.assertEchoes("after");
    }

    /** Row S4 (Netty testHandshakeFailureCipherMissmatch): no cipher suite in common fails, is counted and closed. */
    @ParameterizedTest
    @CsvSource({"TLSv1.3, TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384",
            "TLSv1.2, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"})
    void shouldRefuseAClientWithNoCipherSuiteInCommon(String protocol, String serverSuite, String clientSuite)
            throws Exception {
        SuperServer server = echoServer(TlsConfig.builder(serverContext).protocols(protocol)
                .cipherSuites(serverSuite).build());

        int port;
        try (SSLSocket socket = (SSLSocket) clientContext.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            port = socket.getLocalPort();
            socket.setSoTimeout(20_000);
            socket.setEnabledProtocols(new String[] {protocol});
            socket.setEnabledCipherSuites(new String[] {clientSuite});
            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
        }

        assertThat(this.recorder.awaitClosed(port)).containsExactly(Events.ACCEPT,
                "ssl_accept_err SSLHandshakeException", "close ERROR SSLHandshakeException");
        await().atMost(TlsFixture.WAIT).until(() -> this.failures.total() == 1);
        assertThat(this.failures.count(TlsFailureReason.PROTOCOL)).isEqualTo(1);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private record Payload(String name, byte[] bytes) {
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16 * 1024];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    /** An SSLv2-compatible CLIENT-HELLO, as very old clients sent it: a 2-byte header with the top bit set. */
    private static byte[] sslV2Hello() {
        byte[] body = new byte[9 + 3 + 16];
        body[0] = 1; // CLIENT-HELLO
        body[1] = 3; // version 3.1
        body[2] = 1;
        body[4] = 3; // cipher specs length
        body[8] = 16; // challenge length
        body[9] = 0x01; // SSL_CK_RC4_128_WITH_MD5
        body[10] = (byte) 0x00;
        body[11] = (byte) 0x80;
        byte[] hello = new byte[2 + body.length];
        hello[0] = (byte) (0x80 | body.length >> 8);
        hello[1] = (byte) body.length;
        System.arraycopy(body, 0, hello, 2, body.length);
        return hello;
    }

    /** A ClientHello that offers TLS 1.1 only (legacy version 3.2, no supported_versions extension). */
    private static byte[] tls11ClientHello() {
        ByteBuffer body = ByteBuffer.allocate(128);
        body.put((byte) 3).put((byte) 2);
        body.put(new byte[32]); // random
        body.put((byte) 0); // no session id
        body.putShort((short) 6).putShort((short) 0xc009).putShort((short) 0xc013).putShort((short) 0x002f);
        body.put((byte) 1).put((byte) 0); // null compression
        body.putShort((short) 14);
        body.putShort((short) 0x000a).putShort((short) 4).putShort((short) 2).putShort((short) 0x0017);
        body.putShort((short) 0x000b).putShort((short) 2).put((byte) 1).put((byte) 0);
        body.flip();
        int length = body.remaining();
        ByteBuffer record = ByteBuffer.allocate(9 + length);
        record.put((byte) 22).put((byte) 3).put((byte) 1).putShort((short) (length + 4));
        record.put((byte) 1).put((byte) 0).putShort((short) length);
        record.put(body);
        return record.array();
    }

    private static byte[] hex(String text) {
        String[] parts = text.trim().split(" ");
        byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return bytes;
    }

    private static byte[] withFiller(byte[] header, int filler) {
        return Arrays.copyOf(header, header.length + filler);
    }

    /** Reads what the server sends until it closes (or resets) the connection. */
    private static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        try {
            int read;
            while ((read = in.read(buffer)) != -1) {
                answer.write(buffer, 0, read);
            }
        }
        catch (SocketException ex) {
            // a reset after the alert also ends it
        }
        return answer.toByteArray();
    }

    /** Every record a JDK client offering {@code protocols} as ALPN sends first: its ClientHello. */
    private static byte[] firstFlight(String[] protocols) throws Exception {
        SSLEngine engine = clientContext.createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setApplicationProtocols(protocols);
        engine.setSSLParameters(parameters);
        engine.beginHandshake();
        ByteBuffer out = ByteBuffer.allocate(256 * 1024);
        for (int i = 0; i < 16 && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; i++) {
            engine.wrap(ByteBuffer.allocate(0), out);
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    /**
     * The records of {@code bytes}: {type, record length, and for the first one the length its
     * handshake header claims}.
     */
    private static List<int[]> records(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<int[]> records = new ArrayList<>();
        while (in.remaining() >= 5) {
            int type = in.get() & 0xff;
            in.getShort();
            int length = in.getShort() & 0xffff;
            int claimed = records.isEmpty() ? (in.getInt(in.position()) & 0xffffff) : 0;
            records.add(new int[] {type, length, claimed});
            in.position(in.position() + length);
        }
        return records;
    }
}
