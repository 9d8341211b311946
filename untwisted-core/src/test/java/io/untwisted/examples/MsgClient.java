package io.untwisted.examples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

import io.untwisted.net.SuperSocket;
import io.untwisted.reactor.Reactor;

/**
 * The seed's msg client: connects, sends one message, and closes once it is written.
 * Run: {@code MsgClient host port message}.
 */
public final class MsgClient {

    private MsgClient() {
    }

    /**
     * Sends {@code message} to {@code address}; the future completes when it is written and the
     * connection closed, or fails with the connect error.
     */
    public static CompletableFuture<Void> send(Reactor reactor, InetSocketAddress address, String message)
            throws IOException {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        SuperSocket.connect(reactor, address, client -> {
            client.onConnect(socket -> socket.dump(message));
            client.onDumped(SuperSocket::close);
            client.onClose((socket, reason, cause) -> sent.complete(null));
            client.onConnectErr((socket, cause) -> sent.completeExceptionally(cause));
        });
        return sent;
    }

    public static void main(String[] args) throws Exception {
        Reactor reactor = new Reactor("msg-client");
        reactor.start();
        try {
            send(reactor, new InetSocketAddress(args[0], Integer.parseInt(args[1])), args[2]).join();
        }
        finally {
            reactor.close();
        }
    }
}
