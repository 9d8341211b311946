package io.untwisted.event;

import java.util.Arrays;

/**
 * The exception a handler threw, with the event it was handling: the argument of the
 * {@link Events#ERROR} event that the failure drives. {@link #getCause()} is what the handler threw.
 */
public final class HandlerFailure extends Exception {

    private static final long serialVersionUID = 1L;
    private static final int MAX_DESCRIBED_CHARS = 200;

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
        super("handler " + handler + " failed on event '" + event + "' with arguments " + describe(args)
                + ": " + cause, cause, false, false);
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

    static String describe(Object[] args) {
        String text = Arrays.deepToString(args);
        return text.length() <= MAX_DESCRIBED_CHARS ? text : text.substring(0, MAX_DESCRIBED_CHARS) + "...]";
    }
}
