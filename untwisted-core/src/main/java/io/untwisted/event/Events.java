package io.untwisted.event;

/**
 * The keys of the events that untwisted's own emitters drive.
 *
 * <p>Event keys are plain objects; the built-in ones are {@code String} constants so that they
 * can be used in annotations ({@code @OnEvent(ACCEPT)}) through a static import. Their values
 * are also the {@code event} tag of the starter's meters, so they never change.
 */
public final class Events {

    /** A listening socket accepted a connection: {@code (SuperSocket client)}. */
    public static final String ACCEPT = "accept";

    /** A connecting socket is connected: no arguments. */
    public static final String CONNECT = "connect";

    /** A connecting socket failed to connect: {@code (Throwable cause)}. Never followed by {@link #CLOSE}. */
    public static final String CONNECT_ERR = "connect_err";

    /**
     * The peer sent end of stream on a socket that allows half-closure: no arguments. The socket
     * reads no more but still writes until the application closes it.
     */
    public static final String INPUT_CLOSED = "input_closed";

    /** Bytes arrived: {@code (ByteBuffer data)}, a view valid only while the handlers run. */
    public static final String LOAD = "load";

    /** The connection is closed, exactly once: {@code (CloseReason reason, Throwable cause)}; the cause may be null. */
    public static final String CLOSE = "close";

    /** The outbound queue drained after a write: no arguments. */
    public static final String DUMPED = "dumped";

    /** Queued bytes passed the high watermark and reading stopped: no arguments. */
    public static final String PAUSED = "paused";

    /** Queued bytes fell below the low watermark and reading resumed: no arguments. */
    public static final String RESUMED = "resumed";

    /** A handler failed, or an operation reported an error: {@code (Throwable cause)}. */
    public static final String ERROR = "error";

    /** A connection saw no traffic for its idle timeout and is about to be closed: no arguments. */
    public static final String IDLE = "idle";

    /** The application is shutting down and the connection is about to be closed: no arguments. */
    public static final String SHUTDOWN = "shutdown";

    /** A job, a task or a splitter finished: {@code (Object result)}. */
    public static final String DONE = "done";

    /** A peer sent a frame larger than a splitter's limit: {@code (FrameTooLongException cause)}. */
    public static final String OVERFLOW = "overflow";

    private Events() {
    }
}
