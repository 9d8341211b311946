package io.untwisted.reactor;

/**
 * A channel registered on a {@link Reactor}: the reactor tells it when its channel is ready.
 *
 * <p>This is the service-provider side of the reactor, implemented by the socket classes; it is
 * public so that other channel kinds can join a reactor. Both methods are called on the reactor
 * thread only.
 */
public interface Selectable {

    /**
     * The channel is ready for the operations in {@code readyOps} ({@code SelectionKey.OP_*}).
     * An exception thrown here closes this channel only.
     */
    void ready(int readyOps) throws Exception;

    /**
     * Closes the channel because the reactor failed to serve it ({@code cause}) or is stopping
     * ({@code cause} is null).
     */
    void abandon(Throwable cause);
}
