package io.untwisted.reactor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of {@link Reactor}s that accepted connections are spread over, round robin.
 *
 * <p>A connection stays on the reactor it was given, so its handlers always run on that
 * reactor's thread; handlers shared by several connections may run on several threads at once.
 * Every method is safe from any thread.
 */
public final class ReactorGroup implements AutoCloseable {

    private final List<Reactor> reactors;
    private final AtomicInteger next = new AtomicInteger();

    /** A group of one reactor per available processor. */
    public ReactorGroup() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** A group of {@code size} reactors named {@code untwisted-<i>}. */
    public ReactorGroup(int size) {
        this(size, "untwisted");
    }

    /**
     * A group of {@code size} reactors whose threads are named {@code namePrefix-<i>}.
     *
     * @throws IllegalArgumentException when {@code size < 1}
     */
    public ReactorGroup(int size, String namePrefix) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1: " + size);
        }
        Reactor[] created = new Reactor[size];
        for (int i = 0; i < size; i++) {
            created[i] = new Reactor(namePrefix + "-" + i);
        }
        this.reactors = List.of(created);
    }

    /** Starts every reactor on its own thread; returns once all run. */
    public void start() {
        this.reactors.forEach(Reactor::start);
    }

    /** The next reactor in round-robin order. */
    public Reactor next() {
        return this.reactors.get(Math.floorMod(this.next.getAndIncrement(), this.reactors.size()));
    }

    /** The reactors, in a fixed order. */
    public List<Reactor> reactors() {
        return this.reactors;
    }

    /** How many reactors the group has. */
    public int size() {
        return this.reactors.size();
    }

    /** Asks every reactor to stop. */
    public void stop() {
        this.reactors.forEach(Reactor::stop);
    }

    /**
     * Waits until every reactor has exited.
     *
     * @return whether all exited within {@code timeout}
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Reactor reactor : this.reactors) {
            if (!reactor.awaitTermination(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }

    /** Stops every reactor and waits up to 10 seconds for them to exit. */
    @Override
    public void close() {
        stop();
        try {
            awaitTermination(Duration.ofSeconds(10));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
