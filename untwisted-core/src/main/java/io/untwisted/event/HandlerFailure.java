package io.untwisted.event;

/**
 * The exception a handler threw, with the event it was handling: the argument of the
 * {@link Events#ERROR} event that the failure drives. {@link #getCause()} is what the handler threw.
 *
 * <p>Its message names the handler and the event and describes the arguments with at most
 * {@value ArgumentSummary#MAX_PEER_BYTES} bytes of the data they carry (a peer's bytes reach the
 * log truncated, never whole).
 */
public final class HandlerFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Object event;
    private final transient Handler handler;

    /**
     * Creates the failure of one handler call.
     *
     * @param event   the key of the event being handled
     * @param args    the arguments the handler received, described in the message
     * @param handler the handler that threw
     * @param cause   what it threw
     */
    public HandlerFailure(Object event, Object[] args, Handler handler, Throwable cause) {
        super("handler " + handler + " failed on event '" + event + "' with arguments "
                + ArgumentSummary.describe(args) + ": " + ArgumentSummary.describeFailure(cause), cause, false, false);
        this.event = event;
        this.handler = handler;
    }

    /** The key of the event whose handler failed. */
    public Object event() {
        return this.event;
    }

    /** The handler that failed. */
    public Handler handler() {
        return this.handler;
    }

}
