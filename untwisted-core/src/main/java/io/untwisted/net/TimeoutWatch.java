package io.untwisted.net;

import java.net.SocketTimeoutException;
import java.time.Duration;

import io.untwisted.event.Event;
import io.untwisted.event.Events;
import io.untwisted.event.Handler;
import io.untwisted.event.Registration;
import io.untwisted.net.tls.TlsFailureReason;
import io.untwisted.reactor.NanoClock;
import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.TimerHandle;

/**
 * The {@link Timeouts} of one connection: watches its traffic as its {@link NetObserver} (passing
 * everything on to the observer it replaced) and keeps one timer, armed for the earliest deadline
 * and moved only when it fires early. A read or a write only stores the time.
 *
 * <p>Confined to the connection's reactor thread.
 */
final class TimeoutWatch implements NetObserver, Handler {

    private final SuperSocket socket;
    private final Timeouts timeouts;
    private final NetObserver next;
    private final Reactor reactor;
    private final NanoClock clock;
    private final long idleNanos;
    private final Runnable check = this::check;
    private long lastActivity;
    private long firstFrameDeadline;
    private boolean awaitingFirstFrame;
    private Registration firstFrameRegistration;
    private TimerHandle timer;
    private boolean expired;

    TimeoutWatch(SuperSocket socket, Timeouts timeouts) {
        this.socket = socket;
        this.timeouts = timeouts;
        this.next = socket.observer();
        this.reactor = socket.reactor();
        this.clock = this.reactor.clock();
        this.idleNanos = timeouts.idle() != null ? timeouts.idle().toNanos() : 0;
    }

    void start() {
        long now = this.clock.nanoTime();
        this.lastActivity = now;
        this.socket.observer(this);
        if (this.timeouts.firstFrame() != null) {
            this.awaitingFirstFrame = true;
            this.firstFrameDeadline = now + this.timeouts.firstFrame().toNanos();
            this.firstFrameRegistration = this.socket.once(this.timeouts.frameEvent(), this);
        }
        arm(now);
    }

    /** The first frame arrived. */
    @Override
    public void handle(Event event) {
        this.awaitingFirstFrame = false;
        if (this.idleNanos == 0 && this.timer != null) {
            this.timer.cancel();
            this.timer = null;
        }
    }

    private void arm(long now) {
        long deadline = nextDeadline();
        this.timer = this.reactor.after(Duration.ofNanos(Math.max(0, deadline - now)), this.check);
    }

    private long nextDeadline() {
        long idleDeadline = this.lastActivity + this.idleNanos;
        if (!this.awaitingFirstFrame) {
            return idleDeadline;
        }
        return this.idleNanos == 0 || this.firstFrameDeadline - idleDeadline < 0 ? this.firstFrameDeadline
                : idleDeadline;
    }

    private void check() {
        this.timer = null;
        if (!this.socket.isOpen() || this.expired) {
            return;
        }
        long now = this.clock.nanoTime();
        if (this.awaitingFirstFrame && now - this.firstFrameDeadline >= 0) {
            expire(CloseReason.FIRST_FRAME_TIMEOUT, "no complete first frame within " + this.timeouts.firstFrame());
            return;
        }
        if (this.idleNanos > 0 && now - this.lastActivity >= this.idleNanos) {
            expire(CloseReason.IDLE, "no traffic for " + this.timeouts.idle());
            return;
        }
        if (this.awaitingFirstFrame || this.idleNanos > 0) {
            arm(now);
        }
    }

    private void expire(CloseReason reason, String why) {
        this.expired = true;
        if (this.firstFrameRegistration != null) {
            this.firstFrameRegistration.cancel();
        }
        // Bytes still queued after a whole timeout without a write mean the peer stopped reading:
        // they would never go out, so there is nothing to wait for.
        boolean stuck = this.socket.pendingBytes() > 0;
        if (reason == CloseReason.IDLE) {
            this.socket.drive(Events.IDLE);
        }
        if (stuck) {
            this.socket.close(reason, new SocketTimeoutException(why + " and the peer reads nothing"));
            return;
        }
        if (!this.socket.isOpen()) {
            return;
        }
        this.timeouts.close(this.socket, reason);
        this.reactor.after(this.timeouts.closeGrace(), () -> {
            if (this.socket.isOpen()) {
                this.socket.close(reason, new SocketTimeoutException(why + "; not closed within "
                        + this.timeouts.closeGrace()));
            }
        });
    }

    @Override
    public void opened(SuperSocket socket) {
        this.next.opened(socket);
    }

    @Override
    public void closed(SuperSocket socket, CloseReason reason) {
        closed(socket, reason, null);
    }

    @Override
    public void closed(SuperSocket socket, CloseReason reason, Throwable cause) {
        if (this.timer != null) {
            this.timer.cancel();
            this.timer = null;
        }
        this.next.closed(socket, reason, cause);
    }

    @Override
    public void tlsHandshakeFailed(SuperSocket socket, TlsFailureReason reason) {
        this.next.tlsHandshakeFailed(socket, reason);
    }

    @Override
    public void received(SuperSocket socket, int bytes) {
        this.lastActivity = this.clock.nanoTime();
        this.next.received(socket, bytes);
    }

    @Override
    public void sent(SuperSocket socket, long bytes) {
        this.lastActivity = this.clock.nanoTime();
        this.next.sent(socket, bytes);
    }

    @Override
    public void writePaused(SuperSocket socket) {
        this.next.writePaused(socket);
    }

    @Override
    public void refused(SuperServer server) {
        this.next.refused(server);
    }

    @Override
    public void driven(SuperChannel channel, Object event, Object[] args) {
        this.next.driven(channel, event, args);
    }
}
