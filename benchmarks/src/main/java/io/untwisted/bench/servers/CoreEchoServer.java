package io.untwisted.bench.servers;

import java.net.InetSocketAddress;

import io.untwisted.net.SuperServer;
import io.untwisted.reactor.ReactorGroup;

/**
 * The harness's core echo server: one reactor thread serves the listening socket and every
 * connection, and each {@code LOAD} is dumped back (the README's echo server, on one reactor
 * like the peers).
 *
 * <p>Run: {@code java -cp benchmarks.jar io.untwisted.bench.servers.CoreEchoServer PORT}.
 */
public final class CoreEchoServer {

    /** The listen backlog, as Netty's default (the kernel caps it at {@code net.core.somaxconn}). */
    static final int BACKLOG = 4096;

    private CoreEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 7101;
        ReactorGroup group = new ReactorGroup(1, "untwisted-echo");
        group.start();
        SuperServer server = SuperServer.bind(group, new InetSocketAddress("127.0.0.1", port), BACKLOG);
        server.onAccept((srv, client) -> client.onLoad((socket, data) -> socket.dump(data)));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(group::close, "shutdown"));
        ServerMain.ready("untwisted-core echo", port);
    }
}
