package io.untwisted.reliability;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.untwisted.internal.LogThrottle;
import io.untwisted.net.SuperServer;
import io.untwisted.reactor.Reactor;

/**
 * An echo server for the fd-limit rows (B7, B8), run as a subprocess under {@code prlimit}: it
 * prints {@code PORT <n>} and {@code MAX <effective max connections>}, serves until its standard
 * input closes, then stops and prints {@code STOPPED}.
 *
 * <p>Arguments: {@code [maxConnections] [freeFds]}. {@code maxConnections} 0 keeps the default.
 * With {@code freeFds > 0} it then opens {@code /dev/null} until the fd limit is reached and
 * closes {@code freeFds} of those, as an application using descriptors of its own would, so that
 * accepting clients soon fails with "Too many open files" even though connections are clamped.
 */
public final class FdLimitedEchoServer {

    private FdLimitedEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        int maxConnections = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        int freeFds = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        Reactor reactor = new Reactor("fd-limited-server");
        reactor.start();
        SuperServer server = SuperServer.bind(reactor, new InetSocketAddress("127.0.0.1", 0));
        if (maxConnections > 0) {
            server.maxConnections(maxConnections);
        }
        server.onAccept((s, client) -> client.onLoad((socket, data) -> socket.dump(data)));
        server.start();
        warmUp(server.port(), reactor);
        Deque<InputStream> hogged = freeFds > 0 ? hogFds(freeFds) : new ArrayDeque<>();
        System.out.println("PORT " + server.port());
        System.out.println("MAX " + server.effectiveMaxConnections());
        System.out.flush();
        while (System.in.read() >= 0) {
            // Serve until the parent closes our standard input.
        }
        for (InputStream file : hogged) {
            file.close();
        }
        server.close();
        reactor.close();
        System.out.println("STOPPED");
    }

    /**
     * One echo, one timer and one throttled log decision, so that the classes of those paths are
     * loaded while fds are free: from a classes directory, loading a class takes a descriptor.
     */
    private static void warmUp(int port, Reactor reactor) throws Exception {
        LogThrottle.perSecond().admit(FdLimitedEchoServer.class);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write('w');
            InputStream in = socket.getInputStream();
            if (in.read() != 'w') {
                throw new IllegalStateException("warm-up echo failed");
            }
        }
        CountDownLatch fired = new CountDownLatch(1);
        reactor.after(Duration.ofMillis(1), fired::countDown);
        if (!fired.await(5, TimeUnit.SECONDS)) {
            throw new IllegalStateException("warm-up timer did not fire");
        }
    }

    private static Deque<InputStream> hogFds(int free) {
        Deque<InputStream> files = new ArrayDeque<>();
        while (true) {
            try {
                files.push(new FileInputStream("/dev/null"));
            }
            catch (IOException ex) {
                break; // the fd limit is reached
            }
        }
        for (int i = 0; i < free && !files.isEmpty(); i++) {
            try {
                files.pop().close();
            }
            catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return files;
    }
}
