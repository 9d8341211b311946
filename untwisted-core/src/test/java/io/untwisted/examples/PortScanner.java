package io.untwisted.examples;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import io.untwisted.event.Events;
import io.untwisted.job.Task;
import io.untwisted.net.SuperSocket;
import io.untwisted.reactor.Reactor;

/**
 * The seed's port scanner: tries to connect to every port of a range and reports the open ones,
 * with a {@link Task} that is done once every socket drove {@code CONNECT} or {@code CONNECT_ERR}.
 * Run: {@code PortScanner host from to}.
 *
 * <p>At most {@value #MAX_CONCURRENT} connections are attempted at once: the range is scanned in
 * batches, one task each.
 */
public final class PortScanner {

    /** The most connection attempts in flight. */
    static final int MAX_CONCURRENT = 128;

    private final Reactor reactor;
    private final InetAddress host;
    private final int to;
    private final Duration timeout;
    private final SortedSet<Integer> open = new TreeSet<>();
    private final CompletableFuture<SortedSet<Integer>> result = new CompletableFuture<>();

    private PortScanner(Reactor reactor, InetAddress host, int to, Duration timeout) {
        this.reactor = reactor;
        this.host = host;
        this.to = to;
        this.timeout = timeout;
    }

    /** Scans ports {@code from..to} of {@code host}; completes with the open ones. */
    public static CompletableFuture<SortedSet<Integer>> scan(Reactor reactor, InetAddress host, int from, int to,
            Duration timeout) {
        if (from < 1 || to > 65535 || from > to) {
            throw new IllegalArgumentException("ports must satisfy 1 <= from <= to <= 65535: " + from + ".." + to);
        }
        PortScanner scanner = new PortScanner(reactor, host, to, timeout);
        reactor.execute(() -> scanner.batch(from));
        return scanner.result;
    }

    private void batch(int first) {
        int last = Math.min(this.to, first + MAX_CONCURRENT - 1);
        Task task = new Task();
        try {
            for (int port = first; port <= last; port++) {
                task.add(SuperSocket.connect(this.reactor, new InetSocketAddress(this.host, port), this.timeout, null),
                        Events.CONNECT, Events.CONNECT_ERR);
            }
        }
        catch (IOException ex) {
            this.result.completeExceptionally(ex);
            return;
        }
        task.onDone(fired -> settled(first, last, fired));
        task.start();
    }

    private void settled(int first, int last, List<Task.Fired> fired) {
        for (int i = 0; i < fired.size(); i++) {
            if (fired.get(i).event().equals(Events.CONNECT)) {
                this.open.add(first + i);
                ((SuperSocket) fired.get(i).emitter()).close();
            }
        }
        if (last < this.to) {
            batch(last + 1);
        }
        else {
            this.result.complete(this.open);
        }
    }

    public static void main(String[] args) throws Exception {
        InetAddress host = InetAddress.getByName(args.length > 0 ? args[0] : "localhost");
        int from = args.length > 1 ? Integer.parseInt(args[1]) : 70;
        int to = args.length > 2 ? Integer.parseInt(args[2]) : 480;
        try (Reactor reactor = new Reactor("port-scan")) {
            reactor.start();
            for (int port : scan(reactor, host, from, to, Duration.ofSeconds(3)).join()) {
                System.out.println("Port " + port + " is open.");
            }
        }
    }
}
