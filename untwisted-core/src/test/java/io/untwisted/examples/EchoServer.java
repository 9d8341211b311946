package io.untwisted.examples;

import java.io.IOException;
import java.net.InetSocketAddress;

import io.untwisted.net.SuperServer;
import io.untwisted.reactor.ReactorGroup;

/** The seed's echo server: writes back every byte it reads. Run: {@code EchoServer [port]}. */
public final class EchoServer {

    private EchoServer() {
    }

    /** Listens on {@code address} and echoes every connection. */
    public static SuperServer start(ReactorGroup group, InetSocketAddress address) throws IOException {
        return SuperServer.listen(group, address, server ->
                server.onAccept((srv, client) -> client.onLoad((socket, data) -> socket.dump(data))));
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 1234;
        ReactorGroup group = new ReactorGroup();
        group.start();
        SuperServer server = start(group, new InetSocketAddress(port));
        System.out.println("echo server on " + server.localAddress());
    }
}
