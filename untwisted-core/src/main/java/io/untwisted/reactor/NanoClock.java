package io.untwisted.reactor;

/**
 * A monotonic time source in nanoseconds, injectable so that tests can move time by hand.
 *
 * <p>Implementations must be safe to call from any thread.
 */
@FunctionalInterface
public interface NanoClock {

    /** The clock of {@link System#nanoTime()}. */
    NanoClock SYSTEM = System::nanoTime;

    /** The current time in nanoseconds; only differences between two readings are meaningful. */
    long nanoTime();
}
