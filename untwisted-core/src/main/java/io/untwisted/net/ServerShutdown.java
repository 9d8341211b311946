package io.untwisted.net;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.untwisted.event.Events;
import io.untwisted.reactor.ReactorState;
import io.untwisted.reactor.TimerHandle;

/**
 * The graceful shutdown of one {@link SuperServer} with a deadline: stop accepting (the listening
 * socket closes, so new connects are refused at once), say goodbye to every open connection (by
 * default: drive {@code SHUTDOWN}, then close once its queued bytes are written), wait until they
 * have all closed or the deadline has passed, then reset the ones still open.
 *
 * <p>What "delivered" means: a connection that closed gracefully handed every byte queued for it
 * to the kernel, followed by a FIN; the kernel delivers them unless the peer or the network fails.
 * Nothing promises more than that: a protocol that must not lose data acknowledges it.
 *
 * <p>Safe from any thread; the reactors of the server and its connections must be running. The
 * returned future completes on a reactor thread.
 */
public final class ServerShutdown {

    /** The default goodbye: drive {@code SHUTDOWN}, then close once the queued bytes are written. */
    public static final Consumer<SuperSocket> SAY_GOODBYE = socket -> {
        socket.drive(Events.SHUTDOWN);
        socket.close(CloseReason.SHUTDOWN);
    };

    private final SuperServer server;
    private final Duration timeout;
    private final Consumer<SuperSocket> goodbye;
    private final CompletableFuture<Result> result = new CompletableFuture<>();
    private final AtomicInteger aborted = new AtomicInteger();
    private long started;

    private ServerShutdown(SuperServer server, Duration timeout, Consumer<SuperSocket> goodbye) {
        this.server = server;
        this.timeout = timeout;
        this.goodbye = goodbye;
    }

    /**
     * Shuts {@code server} down gracefully: see the class description.
     *
     * @param timeout how long connections may take to close before the rest are reset
     * @param goodbye runs once per open connection, on its reactor thread, and must close it (for
     *                example with {@link SuperSocket#close(CloseReason)} and {@link CloseReason#SHUTDOWN})
     * @return completes once every connection has closed, with how many were reset
     */
    public static CompletableFuture<Result> start(SuperServer server, Duration timeout, Consumer<SuperSocket> goodbye) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(goodbye, "goodbye");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be >= 0: " + timeout);
        }
        ServerShutdown shutdown = new ServerShutdown(server, timeout, goodbye);
        server.onReactor(shutdown::begin);
        return shutdown.result;
    }

    /** On the server's reactor, so that no connection is half handed off while the set is read. */
    private void begin() {
        this.started = System.nanoTime();
        this.server.close();
        List<SuperSocket> open = new ArrayList<>(this.server.clients());
        List<CompletableFuture<Void>> closing = new ArrayList<>(open.size());
        for (SuperSocket socket : open) {
            closing.add(sayGoodbye(socket));
        }
        TimerHandle deadline = this.server.reactor().after(this.timeout, () -> abortAll(open, closing));
        CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0])).whenComplete((ignored, failure) -> {
            deadline.cancel();
            Result result = new Result(open.size(), this.aborted.get(), Duration.ofNanos(System.nanoTime() - this.started));
            // The listener's descriptor is released by the next select, which runs before the next turn's timers.
            this.server.reactor().after(Duration.ZERO, () -> this.result.complete(result));
        });
    }

    private CompletableFuture<Void> sayGoodbye(SuperSocket socket) {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        socket.onReactor(() -> {
            if (!socket.isOpen()) {
                closed.complete(null);
                return;
            }
            socket.once(Events.CLOSE, event -> closed.complete(null));
            this.goodbye.accept(socket);
        });
        completeIfReactorGone(socket, closed);
        return closed;
    }

    private void abortAll(List<SuperSocket> open, List<CompletableFuture<Void>> closing) {
        SocketTimeoutException cause = new SocketTimeoutException("not closed within the shutdown timeout of "
                + this.timeout);
        for (int i = 0; i < open.size(); i++) {
            if (closing.get(i).isDone()) {
                continue;
            }
            SuperSocket socket = open.get(i);
            if (completeIfReactorGone(socket, closing.get(i))) {
                continue;
            }
            socket.onReactor(() -> {
                if (socket.isOpen()) {
                    this.aborted.incrementAndGet();
                    socket.close(CloseReason.SHUTDOWN, cause);
                }
            });
        }
    }

    /** A terminated reactor has closed its sockets and runs nothing more, so no CLOSE will come. */
    private static boolean completeIfReactorGone(SuperSocket socket, CompletableFuture<Void> closed) {
        if (socket.reactor().state() == ReactorState.TERMINATED) {
            closed.complete(null);
            return true;
        }
        return false;
    }

    /**
     * How a graceful shutdown went.
     *
     * @param connections the connections open when it began
     * @param aborted     those reset at the deadline, their queued bytes dropped
     * @param elapsed     how long it took
     */
    public record Result(int connections, int aborted, Duration elapsed) {
    }
}
