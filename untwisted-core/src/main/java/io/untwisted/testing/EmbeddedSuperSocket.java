package io.untwisted.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import io.untwisted.net.CloseReason;
import io.untwisted.net.SuperSocket;
import io.untwisted.net.Transport;
import io.untwisted.reactor.Reactor;

/**
 * A {@link SuperSocket} without a network, for unit tests of handlers and splitters (the role of
 * Netty's {@code EmbeddedChannel}): feed bytes in, read back the events driven and the bytes
 * dumped, run pending tasks, and move a {@link ManualClock} to fire timers.
 *
 * <pre>{@code
 * try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
 *     Terminator.install(peer.socket());
 *     peer.record(Terminator.FOUND);
 *     peer.feed("hel").feed("lo\r\n");
 *     assertThat(peer.recorder().args(Terminator.FOUND, 0)).containsExactly("hello".getBytes());
 * }
 * }</pre>
 *
 * <p>The thread that creates it becomes its reactor's thread: every method must be called on that
 * thread, and handlers run on it, inside {@link #feed} and the other calls. Other threads may
 * still {@code dump} or {@code drive}: their work is queued and runs at the next
 * {@link #runPendingTasks()}. Close it to release the reactor's selector.
 *
 * <p>Limits: every fed chunk is kept until the socket reads it; the fake peer holds at most
 * {@link #peerWindow(int) its window} of written bytes (default {@value #DEFAULT_PEER_WINDOW})
 * until {@link #readOutbound()} takes them; each {@link #runPendingTasks()} runs at most
 * {@value #MAX_TURNS} turns of the loop.
 */
public final class EmbeddedSuperSocket implements AutoCloseable {

    /** How many written bytes the fake peer holds before writes stall, unless told otherwise. */
    public static final int DEFAULT_PEER_WINDOW = 4 * 1024 * 1024;

    /** The most turns of the loop that {@link #runPendingTasks()} runs. */
    public static final int MAX_TURNS = 1024;

    private static final int MAX_PENDING_TASKS = 64 * 1024;

    private final ManualClock clock = new ManualClock();
    private final Reactor reactor;
    private final EmbeddedTransport transport = new EmbeddedTransport(DEFAULT_PEER_WINDOW);
    private final SuperSocket socket;
    private final RecordingHandler recorder = new RecordingHandler();

    /** An open in-memory socket whose reactor runs on the calling thread. */
    public EmbeddedSuperSocket() {
        this(UnaryOperator.identity());
    }

    /**
     * An open in-memory socket whose transport is {@code wrap} applied to the in-memory one: a
     * server-side {@code TlsTransport}, say, so that {@link #feed} hands it raw TLS records.
     */
    public EmbeddedSuperSocket(UnaryOperator<Transport> wrap) {
        this.reactor = new Reactor("embedded", this.clock, MAX_PENDING_TASKS);
        this.reactor.runOnce(Duration.ZERO);
        try {
            this.socket = SuperSocket.open(this.reactor, wrap.apply(this.transport));
        }
        catch (IOException ex) {
            this.reactor.stop();
            this.reactor.runOnce(Duration.ZERO);
            throw new UncheckedIOException("cannot open an embedded socket", ex);
        }
    }

    /** The socket under test. */
    public SuperSocket socket() {
        return this.socket;
    }

    /** The reactor, bound to the creating thread. */
    public Reactor reactor() {
        return this.reactor;
    }

    /** The reactor's clock; move it with {@link #advanceTimeBy}. */
    public ManualClock clock() {
        return this.clock;
    }

    /** The recorder that {@link #record} registers. */
    public RecordingHandler recorder() {
        return this.recorder;
    }

    /** Records every later occurrence of each of {@code events} on the socket. */
    public EmbeddedSuperSocket record(Object... events) {
        for (Object event : events) {
            this.socket.on(event, this.recorder);
        }
        return this;
    }

    /** The recorded occurrences of {@code event}, in order. */
    public List<RecordedEvent> events(Object event) {
        return this.recorder.events(event);
    }

    /**
     * Feeds {@code chunks} as the peer's bytes, each as a read of its own (so {@code LOAD} sees
     * the chunking the test chose, up to {@link Reactor#READ_BUFFER_SIZE} bytes a read), then
     * runs pending tasks. Handlers run before this returns.
     */
    public EmbeddedSuperSocket feed(byte[]... chunks) {
        for (byte[] chunk : chunks) {
            this.transport.offer(ByteBuffer.wrap(chunk.clone()));
            pumpReads();
        }
        runPendingTasks();
        return this;
    }

    /** Feeds {@code text} encoded as UTF-8; see {@link #feed(byte[]...)}. */
    public EmbeddedSuperSocket feed(String text) {
        return feed(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Feeds the remaining bytes of {@code chunk}, and consumes them; see {@link #feed(byte[]...)}. */
    public EmbeddedSuperSocket feed(ByteBuffer chunk) {
        byte[] bytes = new byte[chunk.remaining()];
        chunk.get(bytes);
        return feed(bytes);
    }

    /** The peer ends its stream (a FIN): the socket reads end of stream once fed bytes are read. */
    public EmbeddedSuperSocket feedEnd() {
        this.transport.endInbound();
        pumpReads();
        runPendingTasks();
        return this;
    }

    /**
     * Takes every byte the socket has written so far, letting it write what its queue still
     * held, after running pending tasks.
     */
    public byte[] readOutbound() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int turn = 0; turn < MAX_TURNS; turn++) {
            runPendingTasks();
            if (this.socket.isOpen()) {
                this.socket.ready(SelectionKey.OP_WRITE);
            }
            byte[] chunk = this.transport.takeOutbound();
            all.write(chunk, 0, chunk.length);
            if (chunk.length == 0) {
                break;
            }
        }
        runPendingTasks();
        return all.toByteArray();
    }

    /** {@link #readOutbound()} decoded as UTF-8. */
    public String readOutboundString() {
        return new String(readOutbound(), StandardCharsets.UTF_8);
    }

    /**
     * Sets how many written-and-unread bytes the fake peer holds before writes stall, to test
     * backpressure; {@link #readOutbound()} empties it.
     *
     * @throws IllegalArgumentException when {@code bytes < 0}
     */
    public EmbeddedSuperSocket peerWindow(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("peer window must be >= 0: " + bytes);
        }
        this.transport.window(bytes);
        return this;
    }

    /**
     * Runs queued tasks, deferred writes and due timers, and lets the socket read fed bytes it
     * had left (after a pause), until nothing is left to do, or for at most {@value #MAX_TURNS}
     * turns of the loop.
     */
    public EmbeddedSuperSocket runPendingTasks() {
        for (int turn = 0; turn < MAX_TURNS; turn++) {
            this.reactor.runOnce(Duration.ZERO);
            boolean read = pumpReads();
            if (this.reactor.pendingTasks() == 0 && !read) {
                break;
            }
        }
        return this;
    }

    /** Moves the clock forward by {@code step}, then runs the timers that fell due and pending tasks. */
    public EmbeddedSuperSocket advanceTimeBy(Duration step) {
        this.clock.advance(step);
        return runPendingTasks();
    }

    /** Whether the socket has closed its transport. */
    public boolean isClosed() {
        return this.transport.isClosed();
    }

    /** Whether the socket closed with a reset (RST) instead of an orderly close. */
    public boolean isReset() {
        return this.transport.isReset();
    }

    /** Whether the socket shut down its output (a half-close). */
    public boolean isOutputShutdown() {
        return this.transport.isOutputShut();
    }

    /** Whether bytes were fed that the socket has not read yet (reading paused or stopped). */
    public boolean hasUnreadInbound() {
        return this.transport.hasUnreadInbound();
    }

    /**
     * Closes the socket if it is still open (driving {@code CLOSE} with
     * {@link CloseReason#SHUTDOWN}) and stops the reactor, releasing its selector.
     */
    @Override
    public void close() {
        if (this.socket.isOpen()) {
            this.socket.close(CloseReason.SHUTDOWN, null);
        }
        this.reactor.stop();
        this.reactor.runOnce(Duration.ZERO);
    }

    /** Lets the socket read what was fed, as long as it takes bytes; returns whether it took any. */
    private boolean pumpReads() {
        long start = this.transport.progress();
        while (this.socket.isOpen() && this.transport.hasUnreadInbound()) {
            long before = this.transport.progress();
            this.socket.ready(SelectionKey.OP_READ);
            if (this.transport.progress() == before) {
                break;
            }
        }
        return this.transport.progress() != start;
    }
}
