package io.untwisted.process;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import io.untwisted.event.Dispatcher;
import io.untwisted.event.Events;
import io.untwisted.event.Registration;

/**
 * A child process's stdout or stderr as an emitter: {@code LOAD(ByteBuffer)} for every chunk the
 * child wrote, then {@code CLOSE(Throwable cause)} once when the stream ends (the cause is null at
 * a normal end of stream). Splitters install on it as on a socket:
 * {@code Terminator.install(child.stdout(), "\n", 4096)}.
 *
 * <p>Events are driven on the child's reactor thread, in the order the child wrote the bytes. A
 * reader thread of its own reads the pipe and hands chunks to the reactor.
 *
 * <p>Limits: chunks are at most {@value #CHUNK_SIZE} bytes, and at most
 * {@value #MAX_CHUNKS_IN_FLIGHT} chunks wait for the reactor at once; past that the reader
 * waits, so the pipe fills and a fast child blocks instead of flooding the reactor.
 */
public final class ChildOutput extends Dispatcher {

    /** The largest chunk driven as one {@code LOAD}. */
    public static final int CHUNK_SIZE = 8 * 1024;

    /** How many chunks may wait for the reactor before the reader pauses. */
    public static final int MAX_CHUNKS_IN_FLIGHT = 16;

    private final String name;
    private final ChildProcess process;
    private volatile boolean open = true;

    ChildOutput(String name, ChildProcess process) {
        this.name = name;
        this.process = process;
    }

    /** {@code stdout} or {@code stderr}. */
    public String name() {
        return this.name;
    }

    /** The process this stream belongs to. */
    public ChildProcess process() {
        return this.process;
    }

    /** Whether the stream has not ended yet. */
    public boolean isOpen() {
        return this.open;
    }

    /** Calls {@code handler} with every chunk, a buffer valid only during the call. */
    public Registration onLoad(Consumer<ByteBuffer> handler) {
        return on(Events.LOAD, e -> handler.accept(e.arg(0)));
    }

    /** Calls {@code handler} once the stream ended, with the read failure or null. */
    public Registration onClose(Consumer<Throwable> handler) {
        return on(Events.CLOSE, e -> handler.accept(e.arg(0)));
    }

    void load(byte[] chunk) {
        drive(Events.LOAD, ByteBuffer.wrap(chunk));
    }

    void ended(Throwable cause) {
        this.open = false;
        drive(Events.CLOSE, cause);
        this.process.outputEnded();
    }

    @Override
    public String toString() {
        return "ChildOutput[" + this.process.pid() + " " + this.name + "]";
    }
}
