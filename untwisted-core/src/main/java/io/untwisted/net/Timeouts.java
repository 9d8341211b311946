package io.untwisted.net;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BiConsumer;

import io.untwisted.event.Events;
import io.untwisted.event.Registration;

/**
 * The deadlines of a connection: an idle timeout and a first-frame timeout, applied to every
 * connection a {@link SuperServer} accepts (or to one {@link SuperSocket}). Immutable: each
 * {@code with}-style method returns a copy.
 *
 * <ul>
 * <li><b>Idle timeout</b>: a connection that neither reads a byte nor gets a byte written for the
 * timeout gets {@code IDLE} driven, then closes with {@link CloseReason#IDLE}. Bytes waiting in
 * its outbound queue are not activity: a peer that stopped reading times out too, and because
 * what it has queued could never be written, it is then reset at once instead of closed
 * gracefully.</li>
 * <li><b>First-frame timeout</b> (slow-loris protection): a connection whose first frame (the
 * splitter's event, such as {@code Terminator.FOUND}, not merely some bytes) has not arrived
 * within the timeout of being accepted closes with {@link CloseReason#FIRST_FRAME_TIMEOUT}. A
 * peer that trickles one byte at a time keeps no connection open past it.</li>
 * </ul>
 *
 * <p>A timed-out connection is closed by the closer (by default {@link SuperSocket#close(CloseReason)},
 * which writes what is queued first); one still open {@link #closeGrace() closeGrace} later is
 * reset. Both timeouts are off unless set: core cannot know a protocol's frame event, nor whether
 * silence is normal for it. The Spring Boot starter turns a 30 s first-frame timeout on for framed
 * servers.
 *
 * <p>Cost: one timer per connection in its reactor's timer heap, moved only when it fires (at most
 * once per timeout); a read or a write just stores the time, so traffic never touches the heap.
 *
 * <p>Thread-safe; {@link #applyTo(SuperSocket)} hands itself to the socket's reactor.
 */
public final class Timeouts {

    /** How long a timed-out connection may take to write what it queued before it is reset. */
    public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(1);

    private static final Timeouts NONE = new Timeouts(null, null, null, DEFAULT_CLOSE_GRACE, SuperSocket::close);

    private final Duration idle;
    private final Duration firstFrame;
    private final Object frameEvent;
    private final Duration closeGrace;
    private final BiConsumer<SuperSocket, CloseReason> closer;

    private Timeouts(Duration idle, Duration firstFrame, Object frameEvent, Duration closeGrace,
            BiConsumer<SuperSocket, CloseReason> closer) {
        this.idle = idle;
        this.firstFrame = firstFrame;
        this.frameEvent = frameEvent;
        this.closeGrace = closeGrace;
        this.closer = closer;
    }

    /** No timeout at all; add some with {@link #idle(Duration)} and {@link #firstFrame(Duration, Object)}. */
    public static Timeouts none() {
        return NONE;
    }

    /** A copy that closes a connection after {@code timeout} without traffic; null turns it off. */
    public Timeouts idle(Duration timeout) {
        return new Timeouts(positiveOrNull("idle timeout", timeout), this.firstFrame, this.frameEvent,
                this.closeGrace, this.closer);
    }

    /**
     * A copy that closes a connection whose first {@code frameEvent} (the frame event of the
     * splitter installed on it, such as {@code Terminator.FOUND}) has not been driven within
     * {@code timeout} of its being accepted; a null timeout turns it off.
     */
    public Timeouts firstFrame(Duration timeout, Object frameEvent) {
        Duration checked = positiveOrNull("first-frame timeout", timeout);
        if (checked != null) {
            Objects.requireNonNull(frameEvent, "frameEvent");
        }
        return new Timeouts(this.idle, checked, checked != null ? frameEvent : null, this.closeGrace, this.closer);
    }

    /** A copy whose timed-out connections are reset if still open {@code grace} after the close began. */
    public Timeouts closeGrace(Duration grace) {
        return new Timeouts(this.idle, this.firstFrame, this.frameEvent, positive("close grace", grace), this.closer);
    }

    /**
     * A copy that closes timed-out connections with {@code closer} (called on the connection's
     * reactor thread) instead of {@link SuperSocket#close(CloseReason)}; the close grace still applies.
     */
    public Timeouts closeWith(BiConsumer<SuperSocket, CloseReason> closer) {
        return new Timeouts(this.idle, this.firstFrame, this.frameEvent, this.closeGrace,
                Objects.requireNonNull(closer, "closer"));
    }

    /** The idle timeout, or null when off. */
    public Duration idle() {
        return this.idle;
    }

    /** The first-frame timeout, or null when off. */
    public Duration firstFrame() {
        return this.firstFrame;
    }

    /** The event that completes the first frame, or null when the first-frame timeout is off. */
    public Object frameEvent() {
        return this.frameEvent;
    }

    /** How long a timed-out connection may take to close before it is reset. */
    public Duration closeGrace() {
        return this.closeGrace;
    }

    /** Whether any timeout is on. */
    public boolean isEnabled() {
        return this.idle != null || this.firstFrame != null;
    }

    /**
     * Applies these timeouts to every connection {@code server} accepts from now on, before the
     * {@code ACCEPT} handlers registered after this call see it.
     *
     * @return the registration to cancel to stop applying them to new connections
     */
    public Registration applyTo(SuperServer server) {
        Objects.requireNonNull(server, "server");
        return server.on(Events.ACCEPT, event -> applyTo((SuperSocket) event.arg(0)));
    }

    /**
     * Applies these timeouts to {@code socket}, starting now: on its reactor thread at once, or
     * handed to it. Replaces the socket's observer with one that watches its traffic and passes
     * everything on to the observer it had; set any other observer before this call.
     */
    public void applyTo(SuperSocket socket) {
        Objects.requireNonNull(socket, "socket");
        if (!isEnabled()) {
            return;
        }
        socket.onReactor(() -> {
            if (socket.isOpen()) {
                new TimeoutWatch(socket, this).start();
            }
        });
    }

    void close(SuperSocket socket, CloseReason reason) {
        this.closer.accept(socket, reason);
    }

    private static Duration positiveOrNull(String what, Duration timeout) {
        return timeout == null ? null : positive(what, timeout);
    }

    private static Duration positive(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be > 0: " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "Timeouts[idle=" + this.idle + ", firstFrame=" + this.firstFrame + " (" + this.frameEvent
                + "), closeGrace=" + this.closeGrace + "]";
    }
}
