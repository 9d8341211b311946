package io.untwisted.bench.jmh;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

import io.untwisted.net.SuperSocket;
import io.untwisted.net.Transport;
import io.untwisted.reactor.Reactor;

/**
 * A reactor run by the benchmark thread itself ({@link Reactor#runOnce} binds the caller), and a
 * socket on it over a hand-driven transport. Sockets check that they are used on their reactor's
 * thread, so a benchmark calls {@link #ensure()} before using them: JMH keeps a benchmark's
 * worker thread for the whole trial, but should it ever change threads, the socket is rebuilt on
 * the new one instead of silently queueing work as cross-thread tasks.
 */
final class OnReactor<T> {

    private final Transport transport;
    private final Function<SuperSocket, T> setup;
    private final Supplier<Reactor> reactors;
    private Reactor reactor;
    private SuperSocket socket;
    private T installed;

    OnReactor(Transport transport, Function<SuperSocket, T> setup) {
        this(transport, setup, () -> new Reactor("bench"));
    }

    /** Runs the socket on a reactor from {@code reactors} (a fresh, unstarted one each call). */
    OnReactor(Transport transport, Function<SuperSocket, T> setup, Supplier<Reactor> reactors) {
        this.transport = transport;
        this.setup = setup;
        this.reactors = reactors;
    }

    /** Binds a reactor and socket to the calling thread if they are not bound to it already. */
    OnReactor<T> ensure() {
        if (this.reactor == null || !this.reactor.inReactorThread()) {
            if (this.reactor != null) {
                this.reactor.stop();
            }
            this.reactor = this.reactors.get();
            this.reactor.runOnce(Duration.ZERO);
            try {
                this.socket = SuperSocket.open(this.reactor, this.transport);
            }
            catch (java.io.IOException ex) {
                throw new IllegalStateException(ex);
            }
            this.installed = this.setup.apply(this.socket);
        }
        return this;
    }

    Reactor reactor() {
        return this.reactor;
    }

    SuperSocket socket() {
        return this.socket;
    }

    T installed() {
        return this.installed;
    }

    void close() {
        if (this.reactor != null && this.reactor.inReactorThread()) {
            this.reactor.stop();
            this.reactor.runOnce(Duration.ZERO);
        }
    }
}
