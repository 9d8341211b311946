package io.untwisted.net;

import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.untwisted.event.Events;
import io.untwisted.reactor.Reactor;
import io.untwisted.split.Terminator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link SuperSocket#await} over loopback: the seed's coroutine {@code yield client, EVENT}. */
class SuperSocketAwaitTest {

    private Reactor serverReactor;
    private Reactor clientReactor;
    private final CompletableFuture<SuperSocket> accepted = new CompletableFuture<>();
    private SuperServer server;

    @BeforeEach
    void start() throws Exception {
        this.serverReactor = new Reactor("await-server");
        this.serverReactor.start();
        this.clientReactor = new Reactor("await-client");
        this.clientReactor.start();
        this.server = SuperServer.listen(this.serverReactor, new InetSocketAddress("127.0.0.1", 0),
                srv -> srv.onAccept((s, client) -> this.accepted.complete(client)));
    }

    @AfterEach
    void stop() {
        this.clientReactor.close();
        this.serverReactor.close();
    }

    @Test
    void completesOnTheReactorThreadWithTheNextOccurrencesArguments() throws Exception {
        CompletableFuture<Object[]> connected = new CompletableFuture<>();
        SuperSocket socket = SuperSocket.connect(this.clientReactor, this.server.localAddress(), s -> {
            Terminator.install(s);
            s.onConnect(c -> connected.complete(new Object[0]));
        });
        connected.get(30, TimeUnit.SECONDS);
        CompletableFuture<Object[]> line = awaitOnReactor(socket, Terminator.FOUND);
        CompletableFuture<String> thread = line.thenApply(args -> Thread.currentThread().getName());

        this.accepted.get(30, TimeUnit.SECONDS).dump("first\r\nsecond\r\n");

        // Wait on the dependent first: a thread blocked on line.get() may run line's dependents itself.
        assertThat(thread.get(30, TimeUnit.SECONDS)).isEqualTo("await-client");
        assertThat(new String((byte[]) line.get(30, TimeUnit.SECONDS)[0], UTF_8)).isEqualTo("first");
        assertThat(socket.handlerCount(Terminator.FOUND)).isZero();
        assertThat(socket.handlerCount(Events.CLOSE)).isZero();
    }

    @Test
    void completesExceptionallyWhenTheSocketClosesFirst() throws Exception {
        CompletableFuture<Object[]> line = new CompletableFuture<>();
        SuperSocket.connect(this.clientReactor, this.server.localAddress(), s -> {
            Terminator.install(s);
            s.onConnect(c -> s.await(Terminator.FOUND).whenComplete((args, failure) -> {
                if (failure != null) {
                    line.completeExceptionally(failure);
                }
                else {
                    line.complete(args);
                }
            }));
        });

        this.accepted.get(30, TimeUnit.SECONDS).close();

        assertThatThrownBy(() -> line.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ClosedChannelException.class);
    }

    @Test
    void awaitingCloseCompletesNormallyWithTheReasonAndAwaitingAClosedSocketFailsAtOnce() throws Exception {
        CompletableFuture<Object[]> connected = new CompletableFuture<>();
        SuperSocket socket = SuperSocket.connect(this.clientReactor, this.server.localAddress(),
                s -> s.onConnect(c -> connected.complete(new Object[0])));
        connected.get(30, TimeUnit.SECONDS);
        CompletableFuture<Object[]> close = awaitOnReactor(socket, Events.CLOSE);

        this.accepted.get(30, TimeUnit.SECONDS).close();

        assertThat(close.get(30, TimeUnit.SECONDS)[0]).isEqualTo(CloseReason.PEER);
        assertThatThrownBy(() -> socket.await(Events.LOAD).get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ClosedChannelException.class);
    }

    /** Registers the await from the reactor thread, so that it is in place before the test goes on. */
    private CompletableFuture<Object[]> awaitOnReactor(SuperSocket socket, Object event) throws Exception {
        return CompletableFuture.supplyAsync(() -> socket.await(event), this.clientReactor).get(30, TimeUnit.SECONDS);
    }
}
