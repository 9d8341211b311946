package io.untwisted.net;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

import io.untwisted.event.Dispatcher;
import io.untwisted.event.Events;
import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.TimerHandle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a client connection up: connects, and after {@code CONNECT_ERR} or {@code CLOSE} connects
 * again after a {@link Backoff} delay, until {@link #stop()}. Every attempt gets a fresh
 * {@link SuperSocket} that {@code setup} prepares (splitters, handlers) before it connects.
 *
 * <p>It drives, on the reactor thread: {@link #ATTEMPT} as each attempt starts,
 * {@link Events#CONNECT} with the socket once connected (which resets the backoff),
 * {@link #BACKOFF} when the next attempt is scheduled, and {@link #STOPPED} once stopped.
 *
 * <p>{@link #start()}, {@link #stop()} and the getters are safe from any thread; configure it
 * before {@code start}. An unresolved address is resolved at each attempt on the reactor thread,
 * which blocks it for the lookup: pass a resolved address where that matters.
 *
 * <p>Limits: one connection or one pending attempt at a time; attempts are spaced by the
 * backoff, at most {@link Backoff#max()} apart; it tries until stopped.
 */
public final class ReconnectingClient extends Dispatcher {

    /** An attempt starts: {@code (Integer attempt, SuperSocket socket)}, attempts counted from 1. */
    public static final String ATTEMPT = "reconnect.attempt";

    /**
     * The next attempt is scheduled: {@code (Integer failures, Duration delay, Throwable cause)};
     * {@code failures} counts failures since the last connection, and the cause may be null (an
     * orderly close).
     */
    public static final String BACKOFF = "reconnect.backoff";

    /** The client stopped for good: no arguments. */
    public static final String STOPPED = "reconnect.stopped";

    private static final Logger log = LoggerFactory.getLogger(ReconnectingClient.class);

    private final Reactor reactor;
    private final SocketAddress address;
    private final Backoff backoff;
    private final Consumer<? super SuperSocket> setup;
    private volatile Duration connectTimeout = SuperSocket.DEFAULT_CONNECT_TIMEOUT;
    private volatile DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private volatile SuperSocket current;
    private volatile boolean connected;
    private volatile int attempts;
    private TimerHandle timer;
    private int failures;
    private boolean started;
    private boolean stopped;

    /**
     * A client of {@code address} on {@code reactor}, backing off by {@code backoff};
     * {@code setup} prepares each new socket on the reactor thread before it connects.
     */
    public ReconnectingClient(Reactor reactor, SocketAddress address, Backoff backoff,
            Consumer<? super SuperSocket> setup) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.address = Objects.requireNonNull(address, "address");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.setup = Objects.requireNonNull(setup, "setup");
    }

    /** How long each attempt may take to connect; {@link SuperSocket#DEFAULT_CONNECT_TIMEOUT} unless set. */
    public ReconnectingClient connectTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be > 0: " + timeout);
        }
        this.connectTimeout = timeout;
        return this;
    }

    /** Where the jitter's random numbers in {@code [0, 1)} come from; tests make it fixed. */
    public ReconnectingClient jitterSource(DoubleSupplier random) {
        this.random = Objects.requireNonNull(random, "random");
        return this;
    }

    /** Makes the first attempt. Idempotent; does nothing once stopped. */
    public ReconnectingClient start() {
        onReactor(() -> {
            if (!this.started && !this.stopped) {
                this.started = true;
                attempt();
            }
        });
        return this;
    }

    /**
     * Stops reconnecting: cancels a scheduled attempt and closes the current socket once its
     * queued bytes are written. Idempotent.
     */
    public void stop() {
        onReactor(() -> {
            if (this.stopped) {
                return;
            }
            this.stopped = true;
            if (this.timer != null) {
                this.timer.cancel();
            }
            SuperSocket socket = this.current;
            if (socket != null) {
                socket.close();
            }
            drive(STOPPED);
        });
    }

    /** The socket of the current connection or attempt, or null between attempts. */
    public SuperSocket socket() {
        return this.current;
    }

    /** Whether the current socket is connected. */
    public boolean isConnected() {
        return this.connected;
    }

    /** How many attempts were started. */
    public int attempts() {
        return this.attempts;
    }

    private void attempt() {
        if (this.stopped) {
            return;
        }
        this.timer = null;
        int attempt = ++this.attempts;
        try {
            // The socket becomes current in setup: connecting may fail before connect() returns.
            SuperSocket.connect(this.reactor, this.address, this.connectTimeout, socket -> {
                this.current = socket;
                socket.on(Events.CONNECT, e -> connected(socket));
                socket.on(Events.CONNECT_ERR, e -> lost(socket, e.arg(0)));
                socket.on(Events.CLOSE, e -> lost(socket, e.arg(1)));
                this.setup.accept(socket);
                drive(ATTEMPT, attempt, socket);
            });
        }
        catch (IOException | RuntimeException ex) {
            log.warn("{}: attempt {} could not open a socket", this, attempt, ex);
            SuperSocket socket = this.current;
            this.current = null;
            scheduleNext(ex);
            if (socket != null) {
                socket.abort();
            }
        }
    }

    private void connected(SuperSocket socket) {
        if (socket != this.current) {
            return;
        }
        this.failures = 0;
        this.connected = true;
        drive(Events.CONNECT, socket);
    }

    private void lost(SuperSocket socket, Throwable cause) {
        if (socket != this.current) {
            return;
        }
        this.current = null;
        this.connected = false;
        if (!this.stopped) {
            scheduleNext(cause);
        }
    }

    private void scheduleNext(Throwable cause) {
        int failed = ++this.failures;
        Duration delay = this.backoff.delay(failed, this.random.getAsDouble());
        log.debug("{}: reconnecting in {} after {} failures", this, delay, failed, cause);
        this.timer = this.reactor.after(delay, this::attempt);
        drive(BACKOFF, failed, delay, cause);
    }

    private void onReactor(Runnable action) {
        if (this.reactor.inReactorThread()) {
            action.run();
        }
        else {
            this.reactor.execute(action);
        }
    }

    @Override
    public String toString() {
        return "ReconnectingClient[" + this.address + "]";
    }
}
