package io.untwisted.testsupport.gate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Makes the JDK open, before the first baseline, the descriptors it opens once and keeps for the
 * life of the JVM: closing the first NIO channel creates the socket the JDK dups over channels it
 * closes, which would otherwise count as a leak of whichever test class closed a channel first.
 */
final class JdkWarmUp {

    private static boolean done;

    private JdkWarmUp() {
    }

    static synchronized void once() {
        if (done) {
            return;
        }
        done = true;
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
                    SocketChannel accepted = server.accept()) {
                client.finishConnect();
                accepted.isOpen();
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot warm up the JDK's socket layer", ex);
        }
    }
}
