package io.untwisted.spring.context;

import java.time.Duration;

import io.untwisted.event.Events;
import io.untwisted.net.CloseReason;
import io.untwisted.reactor.NanoClock;
import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.TimerHandle;

import org.jspecify.annotations.Nullable;

/**
 * Drives {@code IDLE} on a connection that saw no traffic (bytes read or written) for its idle
 * timeout, then closes it. One timer per connection, re-armed lazily for the time left rather than
 * on every read.
 *
 * <p>Confined to the connection's reactor thread.
 */
final class IdleWatch {

    private final ConnectionState connection;
    private final Reactor reactor;
    private final NanoClock clock;
    private final long timeoutNanos;
    private long lastActivity;
    private @Nullable TimerHandle timer;

    IdleWatch(ConnectionState connection, Duration timeout) {
        this.connection = connection;
        this.reactor = connection.socket().reactor();
        this.clock = this.reactor.clock();
        this.timeoutNanos = timeout.toNanos();
    }

    void start() {
        this.lastActivity = this.clock.nanoTime();
        this.timer = this.reactor.after(Duration.ofNanos(this.timeoutNanos), this::check);
    }

    void touch() {
        this.lastActivity = this.clock.nanoTime();
    }

    void cancel() {
        TimerHandle current = this.timer;
        if (current != null) {
            current.cancel();
        }
    }

    private void check() {
        if (!this.connection.socket().isOpen()) {
            return;
        }
        long idle = this.clock.nanoTime() - this.lastActivity;
        if (idle >= this.timeoutNanos) {
            this.connection.socket().drive(Events.IDLE);
            this.connection.closeAfterHandlers(CloseReason.IDLE);
            return;
        }
        this.timer = this.reactor.after(Duration.ofNanos(this.timeoutNanos - idle), this::check);
    }
}
