package io.untwisted.spring.context;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.untwisted.event.Events;
import io.untwisted.net.CloseReason;
import io.untwisted.net.SuperSocket;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the starter keeps per accepted connection: its offload lane (created on first use), its
 * idle watch, and a future completed once it has closed. Stored as a socket attribute.
 *
 * <p>Confined to the connection's reactor thread, except {@link #closed()} (any thread) and
 * {@link #shutdown()} (hands itself to the reactor).
 */
final class ConnectionState {

    /** The socket attribute holding the state. */
    static final String ATTRIBUTE = "untwisted.spring.connection";

    private static final Logger log = LoggerFactory.getLogger(ConnectionState.class);

    private final SuperSocket socket;
    private final Executor offloadExecutor;
    private final int maxPendingOffload;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private @Nullable OffloadLane lane;
    private @Nullable IdleWatch idle;

    ConnectionState(SuperSocket socket, Executor offloadExecutor, int maxPendingOffload) {
        this.socket = socket;
        this.offloadExecutor = offloadExecutor;
        this.maxPendingOffload = maxPendingOffload;
    }

    /** The state of {@code socket}, or null for a socket the starter did not set up. */
    static @Nullable ConnectionState of(SuperSocket socket) {
        return socket.attr(ATTRIBUTE);
    }

    SuperSocket socket() {
        return this.socket;
    }

    /** The lane of the connection's offloaded calls. */
    OffloadLane lane() {
        OffloadLane current = this.lane;
        if (current == null) {
            current = new OffloadLane(this.offloadExecutor, this.maxPendingOffload);
            this.lane = current;
        }
        return current;
    }

    /** Starts closing the connection after {@code timeout} without traffic. */
    void watchIdle(Duration timeout) {
        this.idle = new IdleWatch(this, timeout);
        this.idle.start();
    }

    /** Records traffic, for the idle watch. */
    void touch() {
        IdleWatch watch = this.idle;
        if (watch != null) {
            watch.touch();
        }
    }

    /**
     * Closes the connection once the handler calls already queued for it have run (offloaded ones
     * included) and the bytes they queued are written.
     */
    void closeAfterHandlers(CloseReason reason) {
        closeAfterHandlers(reason, null);
    }

    /** Like {@link #closeAfterHandlers(CloseReason)}, reporting {@code cause} in {@code CLOSE}. */
    void closeAfterHandlers(CloseReason reason, @Nullable Throwable cause) {
        OffloadLane current = this.lane;
        if (current == null) {
            this.socket.closeGracefully(reason, cause);
            return;
        }
        try {
            current.execute(() -> this.socket.closeGracefully(reason, cause));
        }
        catch (RejectedExecutionException ex) {
            log.debug("{}: the offload lane is full or stopped; closing now", this.socket, ex);
            this.socket.closeGracefully(reason, cause);
        }
    }

    /** Drives {@code SHUTDOWN} on the connection, then closes it; safe from any thread. */
    void shutdown() {
        try {
            this.socket.reactor().execute(() -> {
                if (this.socket.isOpen()) {
                    this.socket.drive(Events.SHUTDOWN);
                    closeAfterHandlers(CloseReason.SHUTDOWN);
                }
            });
        }
        catch (RejectedExecutionException ex) {
            // The reactor is gone, and with it the connection: nothing is left to say goodbye to.
            log.debug("{}: its reactor no longer runs", this.socket, ex);
            this.closed.complete(null);
        }
    }

    /** Called once the connection has closed. */
    void onClosed() {
        IdleWatch watch = this.idle;
        if (watch != null) {
            watch.cancel();
        }
        this.closed.complete(null);
    }

    /** Completes once the connection has closed. */
    CompletableFuture<Void> closed() {
        return this.closed;
    }
}
