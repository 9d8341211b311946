package io.untwisted.examples;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.untwisted.net.SuperServer;
import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.ReactorGroup;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CoreExamplesTest {

    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress("127.0.0.1", 0);

    private ReactorGroup group;
    private Reactor client;

    @BeforeEach
    void start() {
        this.group = new ReactorGroup(1, "examples");
        this.group.start();
        this.client = new Reactor("examples-client");
        this.client.start();
    }

    @AfterEach
    void stop() {
        this.client.close();
        this.group.close();
    }

    @Test
    void echoServerEchoes() throws Exception {
        SuperServer server = EchoServer.start(this.group, ANY_LOOPBACK_PORT);

        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(socket.getInputStream().readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("ping\n");
        }
    }

    @Test
    void timeServerSendsTheTimeRepeatedlyUntilTheClientLeaves() throws Exception {
        Clock fixed = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
        SuperServer server = TimeServer.start(this.group, ANY_LOOPBACK_PORT, fixed, Duration.ofMillis(20));

        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 3; i++) {
                assertThat(readLine(in)).isEqualTo("2026-01-02T03:04:05Z");
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> server.activeConnections() == 0);
    }

    @Test
    void msgClientDeliversItsMessageToMsgServer() throws Exception {
        CompletableFuture<String> received = new CompletableFuture<>();
        SuperServer server = MsgServer.start(this.group, ANY_LOOPBACK_PORT, received::complete);

        MsgClient.send(this.client, server.localAddress(), "hello from the msg client").get(30, TimeUnit.SECONDS);

        assertThat(received.get(30, TimeUnit.SECONDS)).isEqualTo("hello from the msg client");
    }

    @Test
    void isUpTellsAListeningPortFromAClosedOne() throws Exception {
        SuperServer server = EchoServer.start(this.group, ANY_LOOPBACK_PORT);
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }

        assertThat(IsUp.check(this.client, server.localAddress(), Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(IsUp.check(this.client, new InetSocketAddress("127.0.0.1", closedPort), Duration.ofSeconds(10))
                .get(30, TimeUnit.SECONDS)).isFalse();
    }

    private static String readLine(InputStream in) throws Exception {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8).trim();
    }
}
