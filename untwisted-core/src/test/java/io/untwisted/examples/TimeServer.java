package io.untwisted.examples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;

import io.untwisted.net.SuperServer;
import io.untwisted.reactor.ReactorGroup;
import io.untwisted.reactor.TimerHandle;

/**
 * The seed's timeserv: sends the time when a client connects and then every {@code period},
 * until the client leaves. Run: {@code TimeServer [port]}.
 */
public final class TimeServer {

    private TimeServer() {
    }

    /** Listens on {@code address}, sending {@code clock}'s time every {@code period}. */
    public static SuperServer start(ReactorGroup group, InetSocketAddress address, Clock clock, Duration period)
            throws IOException {
        return SuperServer.listen(group, address, server -> server.onAccept((srv, client) -> {
            client.dump(ZonedDateTime.now(clock) + "\r\n");
            TimerHandle ticks = client.reactor().every(period, () -> client.dump(ZonedDateTime.now(clock) + "\r\n"));
            client.onClose((socket, reason, cause) -> ticks.cancel());
        }));
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 1235;
        ReactorGroup group = new ReactorGroup();
        group.start();
        SuperServer server = start(group, new InetSocketAddress(port), Clock.systemDefaultZone(), Duration.ofSeconds(1));
        System.out.println("time server on " + server.localAddress());
    }
}
