package io.untwisted.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import io.untwisted.event.Events;
import io.untwisted.reactor.Reactor;
import io.untwisted.testsupport.RoundTrips;

/**
 * A server run as a subprocess by the reliability tests (its file descriptors, its crash). Modes:
 * {@code idle <millis>}: an idle-timeout server whose reactor is probed every 5 ms for loop lag,
 * answering {@code RESET} and {@code STATS} on stdin; {@code stream <port>}: a server that streams
 * to every client until killed, binding {@code port} (retrying while it is in use).
 * It prints {@code PORT <port> ...} once listening.
 */
public final class ServerProcessMain {

    private static final long PROBE_NANOS = 5_000_000;

    private ServerProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        Reactor reactor = new Reactor("server");
        reactor.start();
        if (args[0].equals("idle")) {
            idle(reactor, Duration.ofMillis(Long.parseLong(args[1])));
        }
        else {
            stream(reactor, Integer.parseInt(args[1]));
        }
    }

    private static void idle(Reactor reactor, Duration timeout) throws IOException {
        SuperServer server = SuperServer.listen(reactor, new InetSocketAddress("127.0.0.1", 0),
                srv -> Timeouts.none().idle(timeout).applyTo(srv));
        LagProbe probe = new LagProbe();
        reactor.every(Duration.ofNanos(PROBE_NANOS), probe::tick);
        System.out.println("PORT " + server.port());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command;
        while ((command = in.readLine()) != null) {
            if (command.equals("RESET")) {
                reactor.execute(probe::reset);
                System.out.println("OK");
            }
            else if (command.equals("STATS")) {
                reactor.execute(() -> System.out.println("STATS " + probe.stats() + " " + server.activeConnections()));
            }
        }
        System.exit(0);
    }

    private static void stream(Reactor reactor, int port) throws Exception {
        byte[] chunk = new byte[64 * 1024];
        long start = System.nanoTime();
        int attempts = 0;
        SuperServer server = null;
        while (server == null) {
            attempts++;
            try {
                server = SuperServer.bind(reactor, new InetSocketAddress("127.0.0.1", port));
            }
            catch (BindException ex) {
                if (attempts >= 200) {
                    throw ex;
                }
                Thread.sleep(50);
            }
        }
        long bindMicros = (System.nanoTime() - start) / 1000;
        server.onAccept((srv, client) -> {
            client.on(Events.DUMPED, e -> client.dump(chunk));
            client.dump(chunk);
        });
        server.start();
        System.out.println("PORT " + server.port() + " BIND_MICROS " + bindMicros + " ATTEMPTS " + attempts);
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        System.exit(0);
    }

    /** Loop lag of the reactor: how late each 5 ms tick runs, in microseconds. Reactor thread only. */
    private static final class LagProbe {
        private long[] lags = new long[4096];
        private int count;
        private long last = System.nanoTime();

        void tick() {
            long now = System.nanoTime();
            long lag = Math.max(0, now - this.last - PROBE_NANOS);
            this.last = now;
            if (this.count == this.lags.length) {
                this.lags = Arrays.copyOf(this.lags, this.count * 2);
            }
            this.lags[this.count++] = lag / 1000;
        }

        void reset() {
            this.count = 0;
            this.last = System.nanoTime();
        }

        String stats() {
            long[] sorted = Arrays.copyOf(this.lags, this.count);
            Arrays.sort(sorted);
            long p99 = RoundTrips.percentile(sorted, 99);
            long max = sorted.length == 0 ? 0 : sorted[sorted.length - 1];
            return this.count + " " + p99 + " " + max;
        }
    }
}
