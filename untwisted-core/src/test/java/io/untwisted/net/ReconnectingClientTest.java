package io.untwisted.net;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.untwisted.event.Events;
import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.ReactorState;
import io.untwisted.testing.ManualClock;
import io.untwisted.testing.RecordingHandler;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconnecting client over loopback. Its reactor runs on the test thread with a manual clock,
 * so the backoff delays are exact and time moves only when the test says; the server runs on a
 * reactor of its own.
 */
class ReconnectingClientTest {

    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofMillis(300), 2.0, 0.0);

    private final ManualClock clock = new ManualClock();
    private final Reactor reactor = new Reactor("reconnect-client", this.clock, 1024);
    private final Reactor serverReactor = new Reactor("reconnect-server");
    private final RecordingHandler recorder = new RecordingHandler();
    private InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        this.serverReactor.start();
        try (ServerSocket reserved = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.address = new InetSocketAddress(InetAddress.getLoopbackAddress(), reserved.getLocalPort());
        }
    }

    @AfterEach
    void stop() {
        this.reactor.stop();
        if (this.reactor.state() != ReactorState.TERMINATED) {
            this.reactor.runOnce(Duration.ZERO);
        }
        this.serverReactor.close();
    }

    @Test
    void backsOffExponentiallyConnectsWhenTheServerComesAndComesBackAfterAClose() throws Exception {
        ReconnectingClient client = newClient();
        client.start();

        pumpUntil(() -> backoffs() == 1);
        for (int expected = 2; expected <= 4; expected++) {
            this.clock.advance(lastDelay());
            int wanted = expected;
            pumpUntil(() -> backoffs() == wanted);
        }
        assertThat(this.recorder.<Duration>args(ReconnectingClient.BACKOFF, 1)).containsExactly(
                Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofMillis(300));
        assertThat(this.recorder.<Integer>args(ReconnectingClient.ATTEMPT, 0)).containsExactly(1, 2, 3, 4);
        assertThat(this.recorder.<Throwable>args(ReconnectingClient.BACKOFF, 2)).allSatisfy(
                cause -> assertThat(cause).isInstanceOf(ConnectException.class));

        CompletableFuture<SuperSocket> accepted = new CompletableFuture<>();
        SuperServer.listen(this.serverReactor, this.address, server -> server.onAccept((s, c) -> accepted.complete(c)));
        this.clock.advance(lastDelay());
        pumpUntil(client::isConnected);
        assertThat(this.recorder.events(Events.CONNECT)).hasSize(1);

        accepted.get(30, TimeUnit.SECONDS).close();
        pumpUntil(() -> backoffs() == 5);
        assertThat(lastDelay()).as("the backoff starts over after a connection").isEqualTo(Duration.ofMillis(100));
        assertThat(this.recorder.events(ReconnectingClient.BACKOFF).get(4).<Integer>arg(0)).isEqualTo(1);
        this.clock.advance(lastDelay());
        pumpUntil(() -> this.recorder.events(Events.CONNECT).size() == 2);
    }

    @Test
    void stopClosesTheConnectionAndMakesNoMoreAttempts() throws Exception {
        CompletableFuture<Object[]> serverSideClose = new CompletableFuture<>();
        SuperServer.listen(this.serverReactor, this.address, server -> server.onAccept(
                (s, c) -> c.on(Events.CLOSE, e -> serverSideClose.complete(e.args().clone()))));
        ReconnectingClient client = newClient();
        client.start();
        pumpUntil(client::isConnected);

        client.stop();
        pumpUntil(() -> !this.recorder.events(ReconnectingClient.STOPPED).isEmpty() && client.socket() == null);
        this.clock.advance(Duration.ofHours(1));
        this.reactor.runOnce(Duration.ofMillis(50));

        assertThat(serverSideClose.get(30, TimeUnit.SECONDS)[0]).isEqualTo(CloseReason.PEER);
        assertThat(client.attempts()).isEqualTo(1);
        assertThat(this.recorder.events(ReconnectingClient.BACKOFF)).isEmpty();
        client.start();
        this.reactor.runOnce(Duration.ofMillis(10));
        assertThat(client.attempts()).isEqualTo(1);
    }

    @Test
    void eachAttemptGetsAFreshSocketPreparedBySetup() {
        List<SuperSocket> prepared = new ArrayList<>();
        ReconnectingClient client = new ReconnectingClient(this.reactor, this.address, BACKOFF, prepared::add)
                .jitterSource(() -> 0.0);
        client.on(ReconnectingClient.BACKOFF, this.recorder);
        client.start();
        pumpUntil(() -> backoffs() == 1);
        this.clock.advance(Duration.ofMillis(100));
        pumpUntil(() -> backoffs() == 2);

        assertThat(prepared).hasSize(2).doesNotHaveDuplicates();
        assertThat(prepared).noneMatch(SuperSocket::isOpen);
        client.stop();
    }

    private ReconnectingClient newClient() {
        ReconnectingClient client = new ReconnectingClient(this.reactor, this.address, BACKOFF, socket -> {
        }).jitterSource(() -> 0.0);
        for (Object event : List.of(ReconnectingClient.ATTEMPT, ReconnectingClient.BACKOFF, Events.CONNECT,
                ReconnectingClient.STOPPED)) {
            client.on(event, this.recorder);
        }
        return client;
    }

    private int backoffs() {
        return this.recorder.events(ReconnectingClient.BACKOFF).size();
    }

    private Duration lastDelay() {
        List<Duration> delays = this.recorder.args(ReconnectingClient.BACKOFF, 1);
        return delays.get(delays.size() - 1);
    }

    /** Runs the client's reactor on this thread until {@code condition} holds, for at most 30 s. */
    private void pumpUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition within 30 s").isNegative();
            this.reactor.runOnce(Duration.ofMillis(20));
        }
    }
}
