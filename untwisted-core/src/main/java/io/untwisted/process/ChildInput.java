package io.untwisted.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import io.untwisted.event.Dispatcher;
import io.untwisted.event.Events;
import io.untwisted.internal.VirtualThreads;
import io.untwisted.reactor.Reactor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child process's stdin: {@link #send} queues bytes that a writer thread of its own writes to
 * the pipe, so a child that does not read never blocks the caller; {@link #close()} sends end of
 * stream once the queue is written. It drives {@code DUMPED} on the reactor thread each time the
 * queue drains, and {@code ERROR(IOException)} if a write fails (the child exited or closed its
 * stdin), after which it takes nothing more.
 *
 * <p>{@link #send} and {@link #close()} are safe from any thread; bytes are written in call
 * order. The writer thread starts with the first {@code send} or {@code close} and ends when
 * the stream closes or the child exits.
 *
 * <p>Limits: at most {@code maxPendingBytes} bytes wait to be written (default
 * {@value #DEFAULT_MAX_PENDING_BYTES}); {@link #send} refuses more.
 */
public final class ChildInput extends Dispatcher {

    /** How many bytes may wait to be written unless told otherwise: 1 MiB. */
    public static final long DEFAULT_MAX_PENDING_BYTES = 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(ChildInput.class);
    private static final byte[] END = new byte[0];

    private final OutputStream out;
    private final Reactor reactor;
    private final ChildProcess process;
    private final long maxPendingBytes;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final AtomicLong pendingBytes = new AtomicLong();
    private volatile boolean closed;
    private Thread writer;
    private boolean streamClosed;

    ChildInput(OutputStream out, Reactor reactor, ChildProcess process, long maxPendingBytes) {
        this.out = out;
        this.reactor = reactor;
        this.process = process;
        this.maxPendingBytes = maxPendingBytes;
    }

    /** Queues {@code text} encoded as UTF-8; see {@link #send(byte[])}. */
    public void send(String text) {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Queues a copy of {@code bytes} for the child.
     *
     * @throws IllegalStateException when stdin is closed, the child exited, or the queue would
     *                               pass its bound
     */
    public void send(byte[] bytes) {
        if (this.closed) {
            throw new IllegalStateException(this + " is closed");
        }
        long pending = this.pendingBytes.addAndGet(bytes.length);
        if (pending > this.maxPendingBytes) {
            this.pendingBytes.addAndGet(-bytes.length);
            throw new IllegalStateException(this + " queue is full: " + (pending - bytes.length)
                    + " bytes pending, limit " + this.maxPendingBytes);
        }
        this.queue.add(bytes.clone());
        ensureWriter();
    }

    /** Sends end of stream once the queued bytes are written. Idempotent. */
    public void close() {
        if (!this.closed) {
            this.closed = true;
            this.queue.add(END);
            ensureWriter();
        }
    }

    /** Bytes queued and not yet written. */
    public long pendingBytes() {
        return this.pendingBytes.get();
    }

    /** Whether it takes no more bytes. */
    public boolean isClosed() {
        return this.closed;
    }

    /** The child exited: nothing can be written any more; release the pipe. */
    void processExited() {
        this.closed = true;
        synchronized (this) {
            if (this.writer != null) {
                this.queue.add(END);
                return;
            }
        }
        closeStream();
    }

    private synchronized void ensureWriter() {
        if (this.writer == null && !this.streamClosed) {
            this.writer = VirtualThreads.newThread("untwisted-child-" + this.process.pid() + "-stdin",
                    this.process.tracked(this::write));
            this.writer.start();
        }
    }

    private void write() {
        try {
            byte[] next;
            while ((next = this.queue.take()) != END) {
                this.out.write(next);
                this.out.flush();
                if (this.pendingBytes.addAndGet(-next.length) == 0) {
                    hand(() -> drive(Events.DUMPED));
                }
            }
        }
        catch (IOException ex) {
            this.closed = true;
            this.queue.clear();
            this.pendingBytes.set(0);
            hand(() -> drive(Events.ERROR, ex));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            log.warn("{}: writer interrupted; queued bytes dropped", this);
        }
        finally {
            closeStream();
        }
    }

    private synchronized void closeStream() {
        if (this.streamClosed) {
            return;
        }
        this.streamClosed = true;
        try {
            this.out.close();
        }
        catch (IOException ex) {
            // Closing a pipe whose reader is gone reports a broken pipe: nothing is lost by it.
            log.debug("{}: closing stdin failed", this, ex);
        }
    }

    private void hand(Runnable task) {
        try {
            this.reactor.execute(task);
        }
        catch (RejectedExecutionException ex) {
            log.warn("{}: the reactor refused an event", this, ex);
        }
    }

    @Override
    public String toString() {
        return "ChildInput[" + this.process.pid() + " stdin]";
    }
}
