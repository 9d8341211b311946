package io.untwisted.examples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.untwisted.event.Events;
import io.untwisted.net.SuperServer;
import io.untwisted.net.SuperSocket;
import io.untwisted.reactor.ReactorGroup;
import io.untwisted.split.Terminator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's chat server: asks each newcomer for a nick with {@link SuperSocket#await} (the
 * seed's coroutine), then relays every line to everyone else as {@code nick:line}. Run:
 * {@code ChatServer [port]}, then several {@code nc localhost 1234}.
 *
 * <p>The room is shared by connections on several reactor threads, so it is a concurrent set;
 * {@code dump} is safe from any thread.
 */
public final class ChatServer {

    private static final Logger log = LoggerFactory.getLogger(ChatServer.class);
    private static final int MAX_LINE = 512;

    private final Set<SuperSocket> room = ConcurrentHashMap.newKeySet();

    /** Listens on {@code address}; returns the server. */
    public SuperServer start(ReactorGroup group, InetSocketAddress address) throws IOException {
        return SuperServer.listen(group, address, server -> server.onAccept((srv, client) -> welcome(client)));
    }

    /** How many clients have chosen a nick and are still here. */
    public int members() {
        return this.room.size();
    }

    private void welcome(SuperSocket client) {
        Terminator.install(client, "\r\n", MAX_LINE);
        client.on(Events.CLOSE, e -> this.room.remove(client));
        client.dump("Type a nick.\r\nNick:");
        client.await(Terminator.FOUND).whenComplete((args, failure) -> {
            if (failure != null) {
                log.debug("{} left before choosing a nick", client);
                return;
            }
            client.attr("nick", new String((byte[]) args[0], StandardCharsets.UTF_8));
            client.on(Terminator.FOUND, e -> relay(client, e.arg(0)));
            this.room.add(client);
        });
    }

    private void relay(SuperSocket from, byte[] line) {
        String message = from.attr("nick") + ":" + new String(line, StandardCharsets.UTF_8) + "\r\n";
        for (SuperSocket member : this.room) {
            if (member != from) {
                member.dump(message);
            }
        }
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 1234;
        ReactorGroup group = new ReactorGroup();
        group.start();
        SuperServer server = new ChatServer().start(group, new InetSocketAddress(port));
        System.out.println("chat server on " + server.localAddress());
    }
}
