package io.untwisted.net.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.untwisted.event.Events;
import io.untwisted.net.NetObserver;
import io.untwisted.net.SuperServer;
import io.untwisted.net.SuperSocket;
import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.ReactorGroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reactors for TLS tests, a TLS echo server that records every connection's events by the peer's
 * port, and a healthy "witness" client used to show that one connection's failure leaves the
 * others alone.
 */
final class TlsFixture implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);

    final ReactorGroup group = new ReactorGroup(2, "server");
    final Reactor clientReactor = new Reactor("client");

    TlsFixture() {
        this.group.start();
        this.clientReactor.start();
    }

    /** A TLS echo server; {@link Recorder#events(int)} gives what each connection saw. */
    SuperServer echoServer(TlsConfig config, Recorder recorder) throws IOException {
        return echoServer(config, recorder, NetObserver.NONE);
    }

    /** A TLS echo server whose connections {@code observer} watches. */
    SuperServer echoServer(TlsConfig config, Recorder recorder, NetObserver observer) throws IOException {
        return TlsServer.listen(this.group, new InetSocketAddress("127.0.0.1", 0), config, server ->
                server.observer(observer).onAccept((srv, client) -> {
                    int port = ((InetSocketAddress) client.remoteAddress()).getPort();
                    recorder.record(port, Events.ACCEPT);
                    TlsEvents.onSslAccept(client, c -> recorder.record(port, TlsEvents.SSL_ACCEPT));
                    TlsEvents.onSslAcceptErr(client, (c, cause) -> recorder.record(port, TlsEvents.SSL_ACCEPT_ERR, cause));
                    client.onLoad((c, data) -> c.dump(data));
                    client.onClose((c, reason, cause) -> recorder.record(port, Events.CLOSE + " " + reason, cause));
                }));
    }

    /** Connects a TLS client, waits for its handshake, and checks that it echoes. */
    Witness witness(String host, int port, TlsConfig config) throws Exception {
        Witness witness = new Witness();
        CompletableFuture<Void> connected = new CompletableFuture<>();
        witness.socket = TlsClient.connect(this.clientReactor, host, port, config, client -> {
            TlsEvents.onSslConnect(client, c -> connected.complete(null));
            TlsEvents.onSslConnectErr(client, (c, cause) -> connected.completeExceptionally(cause));
            client.onLoad((c, data) -> witness.received.append(StandardCharsets.UTF_8.decode(data)));
        });
        connected.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        witness.assertEchoes("before");
        return witness;
    }

    @Override
    public void close() throws InterruptedException {
        this.clientReactor.stop();
        this.group.stop();
        assertThat(this.group.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(this.clientReactor.awaitTermination(Duration.ofSeconds(10))).isTrue();
    }

    /** A healthy TLS connection that must keep working while others fail. */
    static final class Witness {
        private final StringBuffer received = new StringBuffer();
        private SuperSocket socket;

        void assertEchoes(String text) {
            int from = this.received.length();
            this.socket.dump(text);
            await().atMost(WAIT).until(() -> this.received.length() >= from + text.length());
            assertThat(this.received.substring(from)).isEqualTo(text);
            assertThat(this.socket.isOpen()).isTrue();
        }

        SuperSocket socket() {
            return this.socket;
        }
    }

    /** Events of a server's connections, by the peer's port: {@code "ssl_accept_err SSLHandshakeException"}. */
    static final class Recorder {
        private final Map<Integer, List<String>> events = new ConcurrentHashMap<>();
        private final Map<Integer, List<Throwable>> causes = new ConcurrentHashMap<>();

        void record(int port, String event) {
            record(port, event, null);
        }

        void record(int port, String event, Throwable cause) {
            this.events.computeIfAbsent(port, p -> new CopyOnWriteArrayList<>())
                    .add(cause == null ? event : event + " " + cause.getClass().getSimpleName());
            if (cause != null) {
                this.causes.computeIfAbsent(port, p -> new CopyOnWriteArrayList<>()).add(cause);
            }
        }

        /** Waits until the connection from {@code port} has closed, and returns its events. */
        List<String> awaitClosed(int port) {
            await().atMost(WAIT).until(() -> events(port).stream().anyMatch(e -> e.startsWith(Events.CLOSE)));
            return events(port);
        }

        List<String> events(int port) {
            return this.events.getOrDefault(port, List.of());
        }

        /** The first cause recorded for {@code port}. */
        Throwable cause(int port) {
            return this.causes.get(port).get(0);
        }
    }
}
