package io.untwisted.job;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.untwisted.event.Dispatcher;
import io.untwisted.event.Event;
import io.untwisted.event.Events;
import io.untwisted.event.Registration;

/**
 * Waits for a set of things to happen, then drives {@code DONE} once (the seed's {@code Task}):
 * each {@link #add} names an emitter and the events that settle it ({@code CONNECT} or
 * {@code CONNECT_ERR}, {@code DONE} or {@code ERROR}); the first of them to fire settles it.
 *
 * <pre>{@code
 * Task task = new Task();
 * for (SuperSocket socket : sockets) task.add(socket, CONNECT, CONNECT_ERR);
 * task.onDone(fired -> ...);
 * task.start();
 * }</pre>
 *
 * <p>{@link #add} and {@link #start} are safe from any thread; add everything before
 * {@code start}. {@code DONE} is driven on the thread that drove the last settling event (for
 * sockets and jobs, a reactor thread), or in {@code start} when everything had already
 * happened; its argument is the {@link Fired} of every pair, in the order they were added.
 *
 * <p>Limits: it holds one entry per {@code add} until {@code DONE}; its handlers on the
 * emitters are removed as each pair settles.
 */
public final class Task extends Dispatcher {

    /**
     * How one added pair settled: the emitter, the event that fired first and its arguments
     * ({@code ByteBuffer}s copied to {@code byte[]}).
     */
    public record Fired(Dispatcher emitter, Object event, List<Object> args) {
    }

    private final List<Pair> pairs = new ArrayList<>();
    private final AtomicInteger unsettled = new AtomicInteger();
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile boolean started;

    /**
     * Waits for the first of {@code events} on {@code emitter}.
     *
     * @throws IllegalStateException    after {@link #start()}
     * @throws IllegalArgumentException when no event is given
     */
    public synchronized Task add(Dispatcher emitter, Object... events) {
        Objects.requireNonNull(emitter, "emitter");
        if (this.started) {
            throw new IllegalStateException("add before start()");
        }
        if (events.length == 0) {
            throw new IllegalArgumentException("at least one event must settle " + emitter);
        }
        Pair pair = new Pair(this.pairs.size());
        this.pairs.add(pair);
        this.unsettled.incrementAndGet();
        for (Object event : events) {
            pair.registrations.add(emitter.on(event, pair::fire));
        }
        return this;
    }

    /** Starts waiting: drives {@code DONE} now if every pair has settled already. Idempotent. */
    public Task start() {
        this.started = true;
        if (this.unsettled.get() == 0) {
            finish();
        }
        return this;
    }

    /** Calls {@code handler} with how every pair settled, once all have. */
    public Registration onDone(Consumer<List<Fired>> handler) {
        return on(Events.DONE, e -> handler.accept(e.arg(0)));
    }

    /** How many pairs have not settled yet. */
    public int unsettled() {
        return this.unsettled.get();
    }

    private void finish() {
        if (!this.done.compareAndSet(false, true)) {
            return;
        }
        List<Fired> fired = new ArrayList<>();
        synchronized (this) {
            for (Pair pair : this.pairs) {
                fired.add(pair.fired);
            }
            this.pairs.clear();
        }
        drive(Events.DONE, Collections.unmodifiableList(fired));
    }

    private final class Pair {
        final int index;
        final List<Registration> registrations = new ArrayList<>(2);
        final AtomicBoolean settled = new AtomicBoolean();
        volatile Fired fired;

        Pair(int index) {
            this.index = index;
        }

        void fire(Event event) {
            if (!this.settled.compareAndSet(false, true)) {
                return;
            }
            synchronized (Task.this) {
                this.registrations.forEach(Registration::cancel);
            }
            Object[] args = event.args().clone();
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof ByteBuffer buffer) {
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.duplicate().get(bytes);
                    args[i] = bytes;
                }
            }
            this.fired = new Fired(event.source(), event.key(), Collections.unmodifiableList(Arrays.asList(args)));
            if (Task.this.unsettled.decrementAndGet() == 0 && Task.this.started) {
                finish();
            }
        }

        @Override
        public String toString() {
            return "Task.Pair[" + this.index + "]";
        }
    }
}
