package io.untwisted.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import io.untwisted.event.Events;
import io.untwisted.event.Registration;
import io.untwisted.reactor.Reactor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A non-blocking TCP connection that is an event emitter: reading drives {@code LOAD} and, once,
 * {@code CLOSE}; writing is {@link #dump} and drives {@code DUMPED} when the queue drains; a
 * connecting socket drives {@code CONNECT} or {@code CONNECT_ERR}.
 *
 * <p>Its handlers run on its reactor's thread. {@link #dump}, {@link #dumpFile}, {@link #close},
 * {@link #abort}, {@link #shutdownOutput} and {@link #drive} are safe from any thread: off the
 * reactor thread they are handed to it, in call order.
 *
 * <p>Limits: bytes waiting to be written are bounded by its {@link WriteWatermarks} (by default
 * reading pauses above 64 KiB queued and the connection closes above 64 MiB). Each read takes at
 * most {@link Reactor#READ_BUFFER_SIZE} bytes.
 */
public final class SuperSocket extends SuperChannel {

    /** How long {@link #connect} waits for a connection unless told otherwise. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(SuperSocket.class);
    static final int MAX_READS_PER_TURN = 4;
    static final Object[] NO_ARGS = {};

    private final Transport transport;
    private final SuperServer server;
    private final OutboundWriter outbound;
    private final InboundReader inbound;
    private final Connector connector;
    private NetObserver observer;
    private SelectionKey key;
    private int interest;
    private boolean resetOnClose;
    private volatile boolean closed;

    SuperSocket(Reactor reactor, Transport transport, SuperServer server, WriteWatermarks watermarks,
            NetObserver observer) {
        this(reactor, transport, server, watermarks, observer, null);
    }

    /** A socket that connects {@code connecting} (see {@link Connector}), or, when it is null, one already connected. */
    SuperSocket(Reactor reactor, Transport transport, SuperServer server, WriteWatermarks watermarks,
            NetObserver observer, SocketChannel connecting) {
        super(reactor);
        this.outbound = new OutboundWriter(this, new OutboundQueue(reactor.bufferPool()), watermarks);
        this.inbound = new InboundReader(this);
        this.connector = connecting == null ? null : new Connector(this, connecting);
        this.transport = transport;
        this.server = server;
        this.observer = observer;
    }

    /**
     * Connects to {@code address} on {@code reactor}, waiting at most
     * {@link #DEFAULT_CONNECT_TIMEOUT}; see {@link #connect(Reactor, SocketAddress, Duration, Consumer)}.
     */
    public static SuperSocket connect(Reactor reactor, SocketAddress address, Consumer<? super SuperSocket> setup)
            throws IOException {
        return connect(reactor, address, DEFAULT_CONNECT_TIMEOUT, setup);
    }

    /**
     * Connects to {@code host:port} on {@code reactor}; see
     * {@link #connect(Reactor, SocketAddress, Duration, Consumer)}.
     */
    public static SuperSocket connect(Reactor reactor, String host, int port, Consumer<? super SuperSocket> setup)
            throws IOException {
        return connect(reactor, InetSocketAddress.createUnresolved(host, port), DEFAULT_CONNECT_TIMEOUT, setup);
    }

    /**
     * Opens a socket on {@code reactor} and connects it to {@code address} (the seed's
     * {@code create_client}). {@code setup} runs first, on the calling thread, to register
     * handlers; then the socket drives {@code CONNECT}, or {@code CONNECT_ERR} with the cause
     * (refused, unreachable, unknown host, or a {@link SocketTimeoutException} after
     * {@code timeout}). An unresolved address is resolved on the calling thread.
     *
     * @throws IOException when no socket can be opened at all
     */
    public static SuperSocket connect(Reactor reactor, SocketAddress address, Duration timeout,
            Consumer<? super SuperSocket> setup) throws IOException {
        return connect(reactor, address, timeout, UnaryOperator.identity(), setup);
    }

    /**
     * Like {@link #connect(Reactor, SocketAddress, Duration, Consumer)}, with the TCP transport
     * wrapped by {@code wrapper} before {@code setup} runs (how a TLS client is made; see
     * {@code io.untwisted.net.tls.TlsClient}). The wrapper runs on the calling thread.
     *
     * @throws IOException when no socket can be opened at all
     */
    public static SuperSocket connect(Reactor reactor, SocketAddress address, Duration timeout,
            UnaryOperator<Transport> wrapper, Consumer<? super SuperSocket> setup) throws IOException {
        return Connector.connect(reactor, address, timeout, wrapper, setup);
    }

    /** The listening socket that accepted this connection, or null for one made by {@link #connect}. */
    public SuperServer server() {
        return this.server;
    }

    /**
     * Serves an already open {@code transport} on {@code reactor}: registers it and starts
     * reading, without driving any event. Call it on the reactor thread; it is how in-memory test
     * sockets and wrapping transports join a reactor.
     *
     * @throws IOException when the transport cannot be registered
     */
    public static SuperSocket open(Reactor reactor, Transport transport) throws IOException {
        if (!reactor.inReactorThread()) {
            throw new IllegalStateException("SuperSocket.open must be called on the thread of " + reactor);
        }
        SuperSocket socket = new SuperSocket(reactor, Objects.requireNonNull(transport, "transport"), null,
                WriteWatermarks.DEFAULT, NetObserver.NONE);
        socket.register();
        socket.inbound.start();
        socket.observer.opened(socket);
        socket.establish();
        socket.updateInterest();
        return socket;
    }

    /** The transport this socket moves bytes with. */
    public Transport transport() {
        return this.transport;
    }

    /** The peer's address, or null when unknown or closed. */
    public SocketAddress remoteAddress() {
        return this.transport.remoteAddress();
    }

    /** The local address, or null when unknown or closed. */
    public SocketAddress localAddress() {
        return this.transport.localAddress();
    }

    /**
     * A future completed on the reactor thread with the arguments of the next occurrence of
     * {@code event} (the seed's coroutine {@code yield}), or exceptionally with a
     * {@link java.nio.channels.ClosedChannelException} if the socket closes first. Awaiting
     * {@code CLOSE} itself completes normally with the close's arguments.
     */
    public CompletableFuture<Object[]> await(Object event) {
        return AwaitedEvent.next(this, event);
    }

    @Override
    public boolean isOpen() {
        return !this.closed;
    }

    /** The bounds of the outbound queue. */
    public WriteWatermarks watermarks() {
        return this.outbound.watermarks();
    }

    /** Replaces the bounds of the outbound queue; call it from a handler or before the socket connects. */
    public SuperSocket watermarks(WriteWatermarks watermarks) {
        this.outbound.watermarks(Objects.requireNonNull(watermarks, "watermarks"));
        return this;
    }

    /** The observer of this socket's traffic. */
    public NetObserver observer() {
        return this.observer;
    }

    /** Replaces the observer of this socket's traffic; call it before the socket connects. */
    public SuperSocket observer(NetObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        return this;
    }

    /** Bytes queued and not yet written (files sent with {@link #dumpFile} not counted). Safe from any thread. */
    public long pendingBytes() {
        return this.outbound.pendingBytes();
    }

    /**
     * Whether end of stream from the peer only closes this socket's input: with {@code true} the
     * socket drives {@code INPUT_CLOSED} and keeps writing until the application closes it (a
     * request sent by {@code printf ... | nc -N} still gets an answer computed later); with
     * {@code false}, the default, the socket closes once queued bytes are written. Call it from a
     * handler or before the socket connects.
     */
    public SuperSocket allowHalfClosure(boolean allow) {
        this.inbound.allowHalfClosure(allow);
        return this;
    }

    /** Whether reading is paused because the outbound queue passed its high watermark. */
    public boolean isReadPaused() {
        return this.inbound.isPaused();
    }

    // ---- typed registration -------------------------------------------------------------------

    /** Calls {@code handler} with every chunk of bytes read. */
    public Registration onLoad(LoadHandler handler) {
        return on(Events.LOAD, e -> handler.load(this, e.arg(0)));
    }

    /** Calls {@code handler} once the connection closes. */
    public Registration onClose(CloseHandler handler) {
        return on(Events.CLOSE, e -> handler.close(this, e.arg(0), e.arg(1)));
    }

    /** Calls {@code handler} when a connecting socket is connected. */
    public Registration onConnect(SocketHandler handler) {
        return on(Events.CONNECT, e -> handler.handle(this));
    }

    /** Calls {@code handler} when a connecting socket fails to connect. */
    public Registration onConnectErr(FailureHandler handler) {
        return on(Events.CONNECT_ERR, e -> handler.failed(this, e.arg(0)));
    }

    /** Calls {@code handler} each time the outbound queue drains. */
    public Registration onDumped(SocketHandler handler) {
        return on(Events.DUMPED, e -> handler.handle(this));
    }

    /** Calls {@code handler} when a handler of this socket fails, with a {@code HandlerFailure}. */
    public Registration onError(FailureHandler handler) {
        return on(Events.ERROR, e -> handler.failed(this, e.arg(0)));
    }

    // ---- writing ------------------------------------------------------------------------------

    /** Queues {@code text} encoded as UTF-8. */
    public void dump(String text) {
        dump(text, StandardCharsets.UTF_8);
    }

    /** Queues {@code text} encoded with {@code charset}. */
    public void dump(String text, Charset charset) {
        byte[] bytes = text.getBytes(charset);
        if (reactor().inReactorThread()) {
            this.outbound.append(ByteBuffer.wrap(bytes));
        }
        else {
            onReactor(() -> this.outbound.append(ByteBuffer.wrap(bytes)));
        }
    }

    /** Queues a copy of {@code bytes}. */
    public void dump(byte[] bytes) {
        if (reactor().inReactorThread()) {
            this.outbound.append(ByteBuffer.wrap(bytes));
        }
        else {
            byte[] copy = bytes.clone();
            onReactor(() -> this.outbound.append(ByteBuffer.wrap(copy)));
        }
    }

    /**
     * Queues a copy of the remaining bytes of {@code data}, and consumes them. On the reactor
     * thread the bytes go straight into the outbound buffers, without allocating.
     */
    public void dump(ByteBuffer data) {
        if (reactor().inReactorThread()) {
            this.outbound.append(data);
        }
        else {
            ByteBuffer copy = ByteBuffer.allocate(data.remaining());
            copy.put(data).flip();
            onReactor(() -> this.outbound.append(copy));
        }
    }

    /**
     * Queues the whole file at {@code path}, sent with {@link FileChannel#transferTo} (zero copy
     * where the OS can; over TLS the file is read through a bounded buffer and encrypted). The
     * file is opened now and closed once sent or once the socket closes.
     *
     * @throws IOException when the file cannot be opened
     */
    public void dumpFile(Path path) throws IOException {
        FileChannel file = FileChannel.open(path, StandardOpenOption.READ);
        OutboundQueue.FileRegion region = new OutboundQueue.FileRegion(file, 0, file.size());
        onReactor(() -> this.outbound.append(region));
    }

    // ---- closing ------------------------------------------------------------------------------

    /** Closes the connection once every queued byte is written; reading stops now. */
    public void close() {
        close(CloseReason.LOCAL);
    }

    /**
     * Closes the connection once every queued byte is written, reporting {@code reason} in
     * {@code CLOSE}; reading stops now.
     */
    public void close(CloseReason reason) {
        closeGracefully(reason, null);
    }

    /**
     * Closes the connection once every queued byte is written, reporting {@code reason} and
     * {@code cause} in {@code CLOSE}; reading stops now. Unlike {@link #close(CloseReason, Throwable)}
     * it keeps queued bytes and does not reset the connection, so a last answer (an error message
     * for a peer that broke a limit, say) still reaches the peer. Safe from any thread.
     *
     * @param cause the failure to report, or null for an orderly close
     */
    public void closeGracefully(CloseReason reason, Throwable cause) {
        Objects.requireNonNull(reason, "reason");
        onReactor(() -> {
            if (this.closed) {
                return;
            }
            if (this.outbound.isIdle() || isConnecting()) {
                closeNow(reason, cause);
                return;
            }
            this.outbound.closeWhenDrained(reason, cause);
            this.inbound.stop();
            updateInterest();
        });
    }

    /** Closes the connection at once, dropping queued bytes and resetting it (RST). */
    public void abort() {
        close(CloseReason.LOCAL, null);
    }

    /**
     * Closes the connection at once with {@code reason} and {@code cause}, dropping queued bytes
     * and resetting it (RST) when bytes were still queued or a cause is given.
     */
    public void close(CloseReason reason, Throwable cause) {
        Objects.requireNonNull(reason, "reason");
        onReactor(() -> {
            if (!this.closed) {
                this.resetOnClose = true;
                closeNow(reason, cause);
            }
        });
    }

    /** Half-closes the connection: sends end-of-stream once queued bytes are written, and keeps reading. */
    public void shutdownOutput() {
        onReactor(() -> {
            if (this.closed) {
                return;
            }
            this.outbound.shutdownOutput();
        });
    }

    @Override
    public void abandon(Throwable cause) {
        if (cause == null) {
            closeNow(CloseReason.SHUTDOWN, null);
        }
        else {
            closeNow(CloseReason.ERROR, cause);
        }
    }

    void closeNow(CloseReason reason, Throwable cause) {
        if (this.closed) {
            return;
        }
        this.closed = true;
        boolean wasConnecting = this.connector != null && this.connector.stop();
        if (this.key != null) {
            this.key.cancel();
            reactor().deregistered();
        }
        try {
            this.transport.close(this.resetOnClose);
        }
        catch (IOException ex) {
            log.debug("{}: closing the transport failed", this, ex);
        }
        this.outbound.clear();
        if (wasConnecting) {
            dispatch(Events.CONNECT_ERR, new Object[] {cause != null ? cause
                    : new java.nio.channels.AsynchronousCloseException()});
            return;
        }
        this.transport.closed(this, reason, cause);
        this.observer.closed(this, reason, cause);
        if (this.server != null) {
            this.server.clientClosed(this);
        }
        dispatch(Events.CLOSE, new Object[] {reason, cause});
    }

    // ---- reactor side -------------------------------------------------------------------------

    /** Starts serving a connection accepted by {@code server}: registers it, drives ACCEPT, then reads. */
    void accepted() {
        try {
            register();
        }
        catch (IOException | RuntimeException ex) {
            log.warn("{}: cannot register an accepted connection", this, ex);
            this.closed = true;
            closeQuietly();
            this.server.clientClosed(this);
            return;
        }
        this.inbound.start();
        this.observer.opened(this);
        this.server.driveAccept(this);
        if (!this.closed) {
            establish();
        }
        if (!this.closed) {
            updateInterest();
        }
    }

    /** Tells the transport that the connection is established; a TLS transport starts its handshake. */
    void establish() {
        try {
            this.transport.established(this);
        }
        catch (IOException | RuntimeException ex) {
            closeNow(CloseReason.ERROR, ex);
        }
    }

    /** Whether this socket is still connecting. */
    boolean isConnecting() {
        return this.connector != null && this.connector.isConnecting();
    }

    /** The read side; for the outbound side, which pauses and resumes it, and the connect side, which starts it. */
    InboundReader inbound() {
        return this.inbound;
    }

    /** The connect side, or null for a socket that was not made by {@link #connect}. */
    Connector connector() {
        return this.connector;
    }

    /** The outbound side; for the read side, which closes after it on end of stream, and the connect side. */
    OutboundWriter outbound() {
        return this.outbound;
    }

    @Override
    public void ready(int readyOps) {
        if ((readyOps & SelectionKey.OP_CONNECT) != 0) {
            this.connector.finish();
            return;
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            this.outbound.flush();
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && !this.closed) {
            if (this.inbound.wantsRead()) {
                this.inbound.read();
            }
            else if (this.transport.isHandshaking()) {
                advanceHandshake();
            }
        }
        if (!this.closed) {
            updateInterest();
            this.inbound.readBuffered();
        }
    }

    private void advanceHandshake() {
        try {
            this.transport.advanceHandshake();
        }
        catch (IOException ex) {
            closeNow(CloseReason.ERROR, ex);
        }
    }

    void updateInterest() {
        if (this.closed || this.key == null) {
            return;
        }
        int ops;
        if (isConnecting()) {
            ops = SelectionKey.OP_CONNECT;
        }
        else {
            boolean handshaking = this.transport.isHandshaking();
            // A flush already due this turn decides about OP_WRITE itself, once it has written.
            boolean waitsForWritable = !this.outbound.isEmpty() && !handshaking && !this.outbound.flushScheduled()
                    || this.transport.hasPendingOutput();
            ops = (this.inbound.wantsRead() || handshaking ? SelectionKey.OP_READ : 0)
                    | (waitsForWritable ? SelectionKey.OP_WRITE : 0);
        }
        if (ops != this.interest) {
            this.interest = ops;
            this.key.interestOps(ops);
        }
    }

    void register() throws IOException {
        if (this.transport.selectable() != null) {
            this.key = reactor().register(this.transport.selectable(), 0, this);
        }
    }

    private void closeQuietly() {
        try {
            this.transport.close(false);
        }
        catch (IOException ex) {
            log.debug("{}: closing the channel failed", this, ex);
        }
    }

    /** Drives {@code event} to this socket's handlers; for its collaborators. */
    void emit(Object event, Object[] args) {
        dispatch(event, args);
    }

    @Override
    protected void dispatching(Object event, Object[] args) {
        this.observer.driven(this, event, args);
    }

    @Override
    public String toString() {
        return "SuperSocket[" + remoteAddress() + (this.closed ? " closed" : "") + "]";
    }
}
