package io.untwisted.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.untwisted.reactor.Reactor;
import io.untwisted.testsupport.Figures;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * B6: a server with maxConnections 100 and 150 clients. The policy (documented on
 * {@link SuperServer}): a connection over the limit is accepted, closed at once without a word,
 * and reported to the observer as refused; the peer reads end of stream.
 */
@Timeout(60)
class MaxConnectionsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final List<SocketChannel> clients = new ArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    private Reactor reactor;

    @AfterEach
    void stop() throws IOException {
        for (SocketChannel client : this.clients) {
            client.close();
        }
        if (this.reactor != null) {
            this.reactor.close();
        }
    }

    @Test
    void shouldNeverHoldMoreThanTheLimitAndAcceptAgainOnceConnectionsClose() throws Exception {
        this.reactor = new Reactor("b6-server");
        this.reactor.start();
        SuperServer server = SuperServer.bind(this.reactor, new InetSocketAddress("127.0.0.1", 0))
                .maxConnections(100)
                .observer(new NetObserver() {
                    @Override
                    public void refused(SuperServer s) {
                        MaxConnectionsTest.this.refused.incrementAndGet();
                    }
                });
        server.start();
        for (int i = 0; i < 150; i++) {
            this.clients.add(connect(server.port()));
        }
        await().atMost(TIMEOUT).until(() -> server.acceptedConnections() + this.refused.get() == 150);
        await().atMost(Duration.ofSeconds(5)).during(Duration.ofSeconds(1))
                .until(() -> server.activeConnections() <= 100);
        assertThat(server.activeConnections()).isEqualTo(100);
        assertThat(this.refused.get()).isEqualTo(50);
        assertThat(server.effectiveMaxConnections()).isEqualTo(100);

        List<SocketChannel> refusedClients = new ArrayList<>();
        List<SocketChannel> servedClients = new ArrayList<>();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            refusedClients.clear();
            servedClients.clear();
            for (SocketChannel client : this.clients) {
                (endOfStream(client) ? refusedClients : servedClients).add(client);
            }
            assertThat(refusedClients).hasSize(50);
        });
        Figures.record("B6", "refused connections", this.refused.get(), "connections");

        long start = System.nanoTime();
        for (SocketChannel client : servedClients.subList(0, 50)) {
            client.close();
        }
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(5)).until(() -> server.activeConnections() == 50);
        List<SocketChannel> fresh = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            SocketChannel client = connect(server.port());
            this.clients.add(client);
            fresh.add(client);
        }
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5))
                .until(() -> server.activeConnections() == 100);
        long recoveryMillis = (System.nanoTime() - start) / 1_000_000;
        Figures.record("B6", "recovery time", recoveryMillis, "ms");
        assertThat(this.refused.get()).isEqualTo(50);
        for (SocketChannel client : fresh) {
            assertThat(endOfStream(client)).isFalse();
        }
    }

    private static SocketChannel connect(int port) throws IOException {
        SocketChannel client = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        client.configureBlocking(false);
        return client;
    }

    private static boolean endOfStream(SocketChannel client) throws IOException {
        try {
            return client.read(ByteBuffer.allocate(1)) < 0;
        }
        catch (IOException ex) {
            return true; // reset by the server: refused as well
        }
    }
}
