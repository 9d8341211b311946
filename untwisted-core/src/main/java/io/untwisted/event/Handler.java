package io.untwisted.event;

/**
 * Reacts to one event driven by a {@link Dispatcher}.
 *
 * <p>Called on the thread that drives the event; for sockets that is always the socket's reactor
 * thread. A handler that throws does not stop the drive: the dispatcher drives
 * {@link Events#ERROR} with a {@link HandlerFailure} and goes on with the next handler.
 */
@FunctionalInterface
public interface Handler {

    /**
     * Handles one occurrence of an event.
     *
     * @param event the event's key, source and arguments, plus the controls to stop the drive or
     *              remove this handler
     * @throws Exception any failure, reported as an {@link Events#ERROR} event on the same emitter
     */
    void handle(Event event) throws Exception;
}
