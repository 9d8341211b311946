package io.untwisted.spring.context;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.untwisted.event.Events;
import io.untwisted.net.CloseReason;
import io.untwisted.net.SuperSocket;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the starter keeps per accepted connection: its offload lane (created on first use), and how
 * it closes once the handler calls queued for it have run. Stored as a socket attribute.
 *
 * <p>Confined to the connection's reactor thread.
 */
final class ConnectionState {

    /** The socket attribute holding the state. */
    static final String ATTRIBUTE = "untwisted.spring.connection";

    private static final Logger log = LoggerFactory.getLogger(ConnectionState.class);

    private final SuperSocket socket;
    private final Executor offloadExecutor;
    private final int maxPendingOffload;
    private @Nullable OffloadLane lane;

    ConnectionState(SuperSocket socket, Executor offloadExecutor, int maxPendingOffload) {
        this.socket = socket;
        this.offloadExecutor = offloadExecutor;
        this.maxPendingOffload = maxPendingOffload;
    }

    /** The state of {@code socket}, or null for a socket the starter did not set up. */
    static @Nullable ConnectionState of(SuperSocket socket) {
        return socket.attr(ATTRIBUTE);
    }

    /**
     * Closes {@code socket} with {@code reason} once its queued handler calls have run; for a
     * socket the starter did not set up, once its queued bytes are written.
     */
    static void closeAfterHandlers(SuperSocket socket, CloseReason reason) {
        ConnectionState state = of(socket);
        if (state != null) {
            state.closeAfterHandlers(reason);
        }
        else {
            socket.close(reason);
        }
    }

    /** Drives {@code SHUTDOWN} on {@code socket} (so a protocol can say goodbye), then closes it. Reactor thread. */
    static void shutdown(SuperSocket socket) {
        socket.drive(Events.SHUTDOWN);
        closeAfterHandlers(socket, CloseReason.SHUTDOWN);
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
}
