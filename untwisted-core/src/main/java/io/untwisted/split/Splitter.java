package io.untwisted.split;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.untwisted.event.Dispatcher;
import io.untwisted.event.Events;
import io.untwisted.event.Handler;
import io.untwisted.event.Registration;
import io.untwisted.net.CloseReason;
import io.untwisted.net.SuperChannel;
import io.untwisted.net.SuperSocket;

/**
 * What every byte splitter shares: installed on an emitter that drives {@code LOAD(ByteBuffer)}
 * (a {@link SuperSocket}, a child process's output), it consumes each chunk and drives its own
 * event on that emitter with whole frames, copied out of the reactor's buffer.
 *
 * <p>A splitter runs on the thread that drives its source's {@code LOAD}: for a socket, its
 * reactor thread. {@link #feed}, {@link #uninstall()} and {@link #buffered()} must be called on
 * that thread, typically from a handler.
 *
 * <p>Limits: each splitter has a maximum frame length and never holds more than its Javadoc
 * states. A frame over the maximum drives {@link Events#OVERFLOW} with a
 * {@link FrameTooLongException} first, so the application can answer; then, unless the splitter
 * was told to discard oversized frames, it stops and closes a socket source with
 * {@link SuperSocket#closeGracefully} ({@link CloseReason#ERROR}, the same exception as cause),
 * so the answer is still written. Any other source is left open: its {@code OVERFLOW} handler
 * decides (a child process may be killed, for example). A header that no valid frame can have
 * stops the splitter with a {@link MalformedFrameException} instead (see there).
 */
public abstract sealed class Splitter permits Terminator, Fixed, LengthPrefixed, AccUntil, Accumulator, TmpFile {

    private final Dispatcher source;
    private final List<Registration> registrations = new ArrayList<>(2);
    private ByteBuffer input;
    private boolean installed;
    private boolean failed;
    private boolean splitting;
    private boolean stopped;

    Splitter(Dispatcher source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /** Starts splitting the source's {@code LOAD} chunks; called once by each {@code install}. */
    final void attach() {
        this.installed = true;
        listen(Events.LOAD, e -> feed(e.arg(0, ByteBuffer.class)));
    }

    /** Registers {@code handler} on the source for as long as the splitter is installed. */
    final void listen(Object event, Handler handler) {
        this.registrations.add(this.source.on(event, handler));
    }

    /** The emitter the splitter reads from and drives its events on. */
    public final Dispatcher source() {
        return this.source;
    }

    /** Whether the splitter still splits: installed, not failed, and its source not closed. */
    public final boolean isActive() {
        return this.installed && !this.failed && !(this.source instanceof SuperChannel channel && !channel.isOpen());
    }

    /**
     * Splits the remaining bytes of {@code data} as if the source had read them, and consumes
     * them: how bytes left over by a previous protocol (the {@code rest} of an {@link AccUntil},
     * what {@link #uninstall()} returned) reach this splitter. Does nothing once the splitter is
     * no longer {@linkplain #isActive() active}.
     *
     * @throws IllegalStateException when called from a handler of this splitter's own events
     */
    public final void feed(ByteBuffer data) {
        if (!isActive()) {
            return;
        }
        if (this.splitting) {
            throw new IllegalStateException(getClass().getSimpleName() + " cannot be fed from its own handlers");
        }
        this.splitting = true;
        this.input = data;
        try {
            split(data);
        }
        finally {
            this.input = null;
            this.splitting = false;
        }
    }

    /**
     * Stops splitting and hands back the bytes the splitter held without framing them; called
     * from a handler of its own event, the unread rest of the chunk being split comes with them
     * (and is consumed), so that the next protocol can take over exactly there.
     *
     * @return the held bytes, possibly empty
     */
    public final byte[] uninstall() {
        for (Registration registration : this.registrations) {
            registration.cancel();
        }
        this.registrations.clear();
        this.installed = false;
        byte[] held = takeBuffered();
        stopOnce();
        ByteBuffer rest = this.input;
        if (rest == null || !rest.hasRemaining()) {
            return held;
        }
        byte[] all = new byte[held.length + rest.remaining()];
        System.arraycopy(held, 0, all, 0, held.length);
        rest.get(all, held.length, rest.remaining());
        return all;
    }

    /** How many bytes the splitter holds now, waiting for the rest of a frame. */
    public abstract int buffered();

    /** Consumes bytes of {@code data}, driving frames, for as long as it {@link #isActive()}. */
    abstract void split(ByteBuffer data);

    /** Returns the held bytes and forgets them. */
    abstract byte[] takeBuffered();

    /** Called once, when the splitter stops for good (uninstalled or failed): release resources here. */
    void stopped() {
    }

    private void stopOnce() {
        if (!this.stopped) {
            this.stopped = true;
            stopped();
        }
    }

    /** Drives {@code event} on the source. */
    final void emit(Object event, Object... args) {
        this.source.drive(event, args);
    }

    /**
     * Reports a frame over the maximum: drives {@code OVERFLOW}; then, if {@code stop}, stops
     * the splitter and closes a socket source.
     */
    final void overflow(FrameTooLongException cause, boolean stop) {
        if (stop) {
            fail();
        }
        emit(Events.OVERFLOW, cause);
        if (stop) {
            stopOnce();
            if (this.source instanceof SuperSocket socket) {
                socket.closeGracefully(CloseReason.ERROR, cause);
            }
        }
    }

    /**
     * Reports a header no valid frame can have: stops the splitter, then closes a socket source
     * with {@code cause} once queued bytes are written, or drives {@code ERROR(cause)} on any
     * other source.
     */
    final void malformed(MalformedFrameException cause) {
        fail();
        stopOnce();
        if (this.source instanceof SuperSocket socket) {
            socket.closeGracefully(CloseReason.ERROR, cause);
        }
        else {
            emit(Events.ERROR, cause);
        }
    }

    /** Stops splitting for good: no more reads, nothing held, the rest of the chunk consumed. */
    private void fail() {
        this.failed = true;
        for (Registration registration : this.registrations) {
            registration.cancel();
        }
        this.registrations.clear();
        takeBuffered();
        if (this.input != null) {
            this.input.position(this.input.limit());
        }
    }

    static void checkMax(String name, long max) {
        if (max <= 0) {
            throw new IllegalArgumentException(name + " must be > 0: " + max);
        }
    }
}
