package io.untwisted.net;

import java.io.IOException;
import java.nio.ByteBuffer;

import io.untwisted.event.Events;

/**
 * The outbound side of a {@link SuperSocket}: queues bytes and files within the socket's
 * {@link WriteWatermarks} (pausing its reading above the high watermark, resuming it at the low
 * one, closing the connection past the limit), flushes once per reactor turn, and, once the queue
 * drains, shuts the output down if asked, closes a closing socket, or drives {@code DUMPED}.
 *
 * <p>Reactor thread only, except {@link #pendingBytes}. It is itself the socket's deferred flush
 * task, so a socket allocates no other object for it.
 */
final class OutboundWriter implements Runnable {

    private final SuperSocket socket;
    private final OutboundQueue queue;
    private WriteWatermarks watermarks;
    private boolean flushScheduled;
    private boolean wroteSinceDumped;
    private boolean outputShutdownRequested;
    private boolean outputShut;
    private boolean closing;
    private CloseReason closingReason = CloseReason.LOCAL;
    private Throwable closingCause;

    OutboundWriter(SuperSocket socket, OutboundQueue queue, WriteWatermarks watermarks) {
        this.socket = socket;
        this.queue = queue;
        this.watermarks = watermarks;
    }

    WriteWatermarks watermarks() {
        return this.watermarks;
    }

    void watermarks(WriteWatermarks watermarks) {
        this.watermarks = watermarks;
    }

    /** Bytes queued and not yet written; safe from any thread. */
    long pendingBytes() {
        return this.queue.pendingBytes();
    }

    /** Whether nothing is queued here (the transport may still hold bytes). */
    boolean isEmpty() {
        return this.queue.isEmpty();
    }

    /** Whether nothing is queued here nor held by the transport. */
    boolean isIdle() {
        return this.queue.isEmpty() && !this.socket.transport().hasPendingOutput();
    }

    /** Whether a flush is already due at the end of this reactor turn. */
    boolean flushScheduled() {
        return this.flushScheduled;
    }

    /** Whether the socket closes once the queue drains. */
    boolean isClosing() {
        return this.closing;
    }

    /** Whether end of stream was sent to the peer. */
    boolean isOutputShut() {
        return this.outputShut;
    }

    /** Closes the socket with {@code reason} and {@code cause} once the queue drains. */
    void closeWhenDrained(CloseReason reason, Throwable cause) {
        this.closing = true;
        this.closingReason = reason;
        this.closingCause = cause;
    }

    /** Sends end of stream once the queue drains (at once when it is already drained). */
    void shutdownOutput() {
        this.outputShutdownRequested = true;
        if (isIdle() && !this.socket.isConnecting()) {
            drained();
        }
    }

    /** Drops what is queued; the socket has closed. */
    void clear() {
        this.queue.clear();
    }

    /** Copies {@code data} into the queue, or closes the connection if that would pass its limit. */
    void append(ByteBuffer data) {
        if (!this.socket.isOpen() || this.closing) {
            data.position(data.limit());
            return;
        }
        long pending = this.queue.pendingBytes() + data.remaining();
        if (pending > this.watermarks.limit()) {
            data.position(data.limit());
            this.socket.closeNow(CloseReason.ERROR, new WriteQueueOverflowException(pending, this.watermarks.limit()));
            return;
        }
        this.queue.add(data);
        if (pending > this.watermarks.high() && !this.socket.inbound().isPaused()) {
            pauseReading();
        }
        scheduleFlush();
    }

    /** Queues {@code region}, or closes it when the socket is closed or closing. */
    void append(OutboundQueue.FileRegion region) {
        if (!this.socket.isOpen() || this.closing) {
            region.close();
            return;
        }
        this.queue.add(region);
        scheduleFlush();
    }

    /** Sends what was queued (and the end of stream asked for) while the socket was connecting. */
    void connected() {
        if (!this.queue.isEmpty()) {
            scheduleFlush();
        }
        if (this.outputShutdownRequested && this.queue.isEmpty()) {
            drained();
        }
    }

    private void scheduleFlush() {
        if (!this.flushScheduled && !this.socket.isConnecting()) {
            this.flushScheduled = true;
            this.socket.reactor().deferFlush(this);
        }
    }

    /** The deferred flush, run by the reactor at the end of the turn. */
    @Override
    public void run() {
        this.flushScheduled = false;
        flush();
    }

    /** Writes what the transport takes now. */
    void flush() {
        SuperSocket socket = this.socket;
        if (!socket.isOpen()) {
            return;
        }
        Transport transport = socket.transport();
        try {
            transport.flush();
            if (!socket.isOpen()) {
                return;
            }
            long written = this.queue.writeTo(transport);
            if (written > 0) {
                this.wroteSinceDumped = true;
                socket.observer().sent(socket, written);
            }
        }
        catch (IOException ex) {
            socket.closeNow(CloseReason.ERROR, ex);
            return;
        }
        if (socket.inbound().isPaused() && this.queue.pendingBytes() <= this.watermarks.low()) {
            resumeReading();
        }
        if (isIdle() && socket.isOpen()) {
            drained();
        }
        socket.updateInterest();
    }

    private void drained() {
        SuperSocket socket = this.socket;
        if (this.outputShutdownRequested) {
            this.outputShutdownRequested = false;
            try {
                socket.transport().shutdownOutput();
                this.outputShut = true;
            }
            catch (IOException ex) {
                socket.closeNow(CloseReason.ERROR, ex);
                return;
            }
        }
        if (this.closing) {
            socket.closeNow(this.closingReason, this.closingCause);
            return;
        }
        if (this.wroteSinceDumped) {
            this.wroteSinceDumped = false;
            socket.emit(Events.DUMPED, SuperSocket.NO_ARGS);
        }
    }

    private void pauseReading() {
        SuperSocket socket = this.socket;
        socket.inbound().paused(true);
        socket.updateInterest();
        socket.observer().writePaused(socket);
        socket.emit(Events.PAUSED, SuperSocket.NO_ARGS);
    }

    private void resumeReading() {
        SuperSocket socket = this.socket;
        InboundReader inbound = socket.inbound();
        inbound.paused(false);
        socket.updateInterest();
        socket.emit(Events.RESUMED, SuperSocket.NO_ARGS);
        inbound.readBuffered();
    }
}
