package io.untwisted.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;

import io.untwisted.event.Events;

/**
 * The read side of a {@link SuperSocket}: reads into the reactor's buffer at most
 * {@link SuperSocket#MAX_READS_PER_TURN} times per readiness and drives {@code LOAD} for each
 * chunk, reads bytes a TLS transport already holds, and handles end of stream (closing the
 * socket, or only its input when half closure is allowed).
 *
 * <p>Reactor thread only. It is itself the socket's buffered-read task, so a socket allocates no
 * other object for it.
 */
final class InboundReader implements Runnable {

    private final SuperSocket socket;
    private boolean reading;
    private boolean paused;
    private boolean bufferedReadScheduled;
    private boolean halfClosure;

    InboundReader(SuperSocket socket) {
        this.socket = socket;
    }

    /** Starts reading: the socket is open, accepted or connected. */
    void start() {
        this.reading = true;
    }

    /** Stops reading for good: the socket is closing. */
    void stop() {
        this.reading = false;
    }

    /** Whether reading is paused because the outbound queue passed its high watermark. */
    boolean isPaused() {
        return this.paused;
    }

    /** Pauses or resumes reading; the outbound side decides by its watermarks. */
    void paused(boolean paused) {
        this.paused = paused;
    }

    /** Whether the socket wants to read now: reading and not paused. */
    boolean wantsRead() {
        return this.reading && !this.paused;
    }

    void allowHalfClosure(boolean allow) {
        this.halfClosure = allow;
    }

    /** Reads and drives {@code LOAD} until the transport has no more, or for at most a few reads. */
    void read() {
        SuperSocket socket = this.socket;
        Transport transport = socket.transport();
        ByteBuffer buffer = socket.reactor().readBuffer();
        for (int i = 0; i < SuperSocket.MAX_READS_PER_TURN; i++) {
            buffer.clear();
            int count;
            try {
                count = transport.read(buffer);
            }
            catch (IOException ex) {
                socket.closeNow(CloseReason.ERROR, ex);
                return;
            }
            if (count < 0) {
                endOfStream();
                return;
            }
            if (count == 0) {
                return;
            }
            buffer.flip();
            socket.observer().received(socket, count);
            socket.emit(Events.LOAD, new Object[] {buffer});
            if (!socket.isOpen() || !this.reading || this.paused
                    || count < buffer.capacity() && !transport.hasBufferedInput()) {
                return;
            }
        }
    }

    /** Reads bytes the transport already holds (TLS records), which no readiness will announce. */
    void readBuffered() {
        SuperSocket socket = this.socket;
        if (!this.bufferedReadScheduled && this.reading && !this.paused && socket.isOpen()
                && socket.transport().hasBufferedInput()) {
            this.bufferedReadScheduled = true;
            try {
                socket.reactor().submit(this);
            }
            catch (RejectedExecutionException ex) {
                socket.closeNow(CloseReason.ERROR, ex);
            }
        }
    }

    /** The buffered read, run by the reactor as a task. */
    @Override
    public void run() {
        this.bufferedReadScheduled = false;
        if (this.reading && !this.paused && this.socket.isOpen()) {
            read();
            if (this.socket.isOpen()) {
                this.socket.updateInterest();
                readBuffered();
            }
        }
    }

    private void endOfStream() {
        SuperSocket socket = this.socket;
        this.reading = false;
        Throwable cause = socket.transport().endOfStreamCause();
        OutboundWriter outbound = socket.outbound();
        if (this.halfClosure && cause == null && !outbound.isOutputShut() && !outbound.isClosing()) {
            socket.updateInterest();
            socket.emit(Events.INPUT_CLOSED, SuperSocket.NO_ARGS);
            return;
        }
        if (outbound.isIdle()) {
            socket.closeNow(CloseReason.PEER, cause);
            return;
        }
        outbound.closeWhenDrained(CloseReason.PEER, cause);
        socket.updateInterest();
    }
}
