package io.untwisted.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import io.untwisted.net.SuperServer;
import io.untwisted.reactor.ReactorGroup;

/**
 * The seed's msg server: each client sends one message and closes; the server hands the whole
 * message to {@code sink} once the client has closed. Messages are limited to 64 KiB.
 * Run: {@code MsgServer [port]}, then {@link MsgClient}.
 */
public final class MsgServer {

    /** The largest message accepted; a longer one closes its connection. */
    public static final int MAX_MESSAGE = 64 * 1024;

    private MsgServer() {
    }

    /** Listens on {@code address} and hands every complete message to {@code sink}. */
    public static SuperServer start(ReactorGroup group, InetSocketAddress address, Consumer<String> sink)
            throws IOException {
        return SuperServer.listen(group, address, server -> server.onAccept((srv, client) -> {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            client.onLoad((socket, data) -> {
                if (message.size() + data.remaining() > MAX_MESSAGE) {
                    socket.abort();
                    return;
                }
                byte[] chunk = new byte[data.remaining()];
                data.get(chunk);
                message.write(chunk);
            });
            client.onClose((socket, reason, cause) -> sink.accept(message.toString(StandardCharsets.UTF_8)));
        }));
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 1236;
        ReactorGroup group = new ReactorGroup();
        group.start();
        SuperServer server = start(group, new InetSocketAddress(port), message -> System.out.println("message: " + message));
        System.out.println("msg server on " + server.localAddress());
    }
}
