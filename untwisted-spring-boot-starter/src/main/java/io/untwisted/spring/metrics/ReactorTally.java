package io.untwisted.spring.metrics;

import io.untwisted.net.CloseReason;
import io.untwisted.net.NetObserver;
import io.untwisted.net.SuperChannel;
import io.untwisted.net.SuperServer;
import io.untwisted.net.SuperSocket;
import io.untwisted.net.tls.TlsFailureReason;
import io.untwisted.reactor.Reactor;

import org.jspecify.annotations.Nullable;

/**
 * The observer of one server's connections on one reactor: counts the per-event traffic (events
 * driven, bytes received and sent) in plain fields and adds them to the server's Micrometer
 * counters once per phase of the reactor's loop, through {@link Reactor#deferFlush}. Rare
 * observations (connections opened and closed, rejected frames, paused writes, TLS failures) go to
 * the counters at once, through the server's {@link MicrometerServerInstrumentation}.
 *
 * <p>Confined to its reactor's thread: every {@link NetObserver} method is called there, and so is
 * the flush. Nothing here is read by another thread; a scrape sees the Micrometer counters, which
 * are thread-safe, so a count reaches it at most one loop phase late (the phase in which it
 * happened ends, then the flush runs).
 */
final class ReactorTally implements NetObserver {

    private final MicrometerServerInstrumentation server;
    private final Reactor reactor;
    private final EventCounters eventCounters;
    private final long[] events;
    /** The indexes of {@link #events} that are non-zero, in {@code touched[0, touchedCount)}. */
    private final int[] touched;
    /** The counts of {@code touched[i]} while a flush hands them on. */
    private final long[] flushing;
    private final Runnable flush = this::flush;
    private int touchedCount;
    private long received;
    private long sent;
    private boolean flushPending;

    ReactorTally(MicrometerServerInstrumentation server, Reactor reactor, EventCounters eventCounters) {
        this.server = server;
        this.reactor = reactor;
        this.eventCounters = eventCounters;
        this.events = new long[eventCounters.size()];
        this.touched = new int[eventCounters.size()];
        this.flushing = new long[eventCounters.size()];
    }

    @Override
    public void driven(SuperChannel channel, Object event, Object[] args) {
        int index = this.eventCounters.indexOf(event);
        if (this.events[index]++ == 0) {
            this.touched[this.touchedCount++] = index;
        }
        flushLater();
        this.server.rejectedIfOverflow(index, args);
    }

    @Override
    public void received(SuperSocket socket, int bytes) {
        this.received += bytes;
        flushLater();
    }

    @Override
    public void sent(SuperSocket socket, long bytes) {
        this.sent += bytes;
        flushLater();
    }

    private void flushLater() {
        if (!this.flushPending) {
            this.flushPending = true;
            this.reactor.deferFlush(this.flush);
        }
    }

    /** Adds what was counted since the last flush to the server's counters. */
    void flush() {
        this.flushPending = false;
        int touchedCount = this.touchedCount;
        long received = this.received;
        long sent = this.sent;
        // Reset before handing the counts on, so that a failing counter cannot leave them half-flushed.
        this.touchedCount = 0;
        this.received = 0;
        this.sent = 0;
        for (int i = 0; i < touchedCount; i++) {
            int index = this.touched[i];
            this.flushing[i] = this.events[index];
            this.events[index] = 0;
        }
        for (int i = 0; i < touchedCount; i++) {
            this.eventCounters.counter(this.touched[i]).increment(this.flushing[i]);
        }
        if (received != 0) {
            this.server.received(received);
        }
        if (sent != 0) {
            this.server.sent(sent);
        }
    }

    @Override
    public void opened(SuperSocket socket) {
        this.server.opened(socket);
    }

    @Override
    public void closed(SuperSocket socket, CloseReason reason, @Nullable Throwable cause) {
        this.server.closed(socket, reason, cause);
    }

    @Override
    public void refused(SuperServer server) {
        this.server.refused(server);
    }

    @Override
    public void writePaused(SuperSocket socket) {
        this.server.writePaused(socket);
    }

    @Override
    public void tlsHandshakeFailed(SuperSocket socket, TlsFailureReason reason) {
        this.server.tlsHandshakeFailed(socket, reason);
    }
}
