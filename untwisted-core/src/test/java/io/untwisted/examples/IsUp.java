package io.untwisted.examples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.untwisted.net.SuperSocket;
import io.untwisted.reactor.Reactor;

/** The seed's is_up: tells whether something listens at an address. Run: {@code IsUp host port}. */
public final class IsUp {

    private IsUp() {
    }

    /** Completes with true when a connection to {@code address} succeeds within {@code timeout}, false when it fails. */
    public static CompletableFuture<Boolean> check(Reactor reactor, InetSocketAddress address, Duration timeout)
            throws IOException {
        CompletableFuture<Boolean> up = new CompletableFuture<>();
        SuperSocket.connect(reactor, address, timeout, client -> {
            client.onConnect(socket -> {
                up.complete(true);
                socket.close();
            });
            client.onConnectErr((socket, cause) -> up.complete(false));
        });
        return up;
    }

    public static void main(String[] args) throws Exception {
        Reactor reactor = new Reactor("is-up");
        reactor.start();
        try {
            InetSocketAddress address = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
            boolean up = check(reactor, address, Duration.ofSeconds(5)).join();
            System.out.println(address + (up ? " is up" : " is down"));
        }
        finally {
            reactor.close();
        }
    }
}
