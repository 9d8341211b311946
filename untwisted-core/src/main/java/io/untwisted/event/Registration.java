package io.untwisted.event;

/**
 * A handler registered on a {@link Dispatcher}; cancel it to remove the handler.
 *
 * <p>Safe to call from any thread, any number of times.
 */
@FunctionalInterface
public interface Registration {

    /** Removes the handler. A drive already in progress does not call it again. */
    void cancel();
}
