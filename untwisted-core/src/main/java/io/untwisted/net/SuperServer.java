package io.untwisted.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import io.untwisted.event.Events;
import io.untwisted.event.Registration;
import io.untwisted.internal.LogThrottle;
import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.ReactorGroup;
import io.untwisted.reactor.TimerHandle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening TCP socket that is an event emitter: it drives {@code ACCEPT(client)} for every
 * connection it accepts, on the reactor that will serve that connection, with the client already
 * registered to read and write.
 *
 * <p>Connections are spread over the reactors of the {@link ReactorGroup} given at bind time (or
 * all served by one {@link Reactor}). Because of that, {@code ACCEPT} handlers may run on several
 * reactor threads at once. Every public method is safe from any thread.
 *
 * <p>Limits: it accepts at most 64 connections per readiness, and at most
 * {@link #effectiveMaxConnections()} open connections: {@link #maxConnections(int)} (unbounded by
 * default) lowered to the process's file-descriptor limit minus 32, logged when it starts; extra
 * connections are accepted, closed at once and reported to the {@link NetObserver}. When
 * {@code accept} fails (for example with "Too many open files") it stops accepting for 50 ms,
 * doubling up to 1 s while failures go on, rather than spin, and accepts again as soon as one of
 * its connections closes; it logs that at most once a second.
 */
public final class SuperServer extends SuperChannel {

    /** The listen backlog used when none is given; Java's own default of 50 drops bursts of connects. */
    public static final int DEFAULT_BACKLOG = 1024;

    private static final Logger log = LoggerFactory.getLogger(SuperServer.class);
    private static final int MAX_ACCEPTS_PER_TURN = 64;

    private final ServerSocketChannel channel;
    private final Supplier<Reactor> clientReactors;
    private final Set<SuperSocket> clients = ConcurrentHashMap.newKeySet();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private volatile WriteWatermarks watermarks = WriteWatermarks.DEFAULT;
    private volatile NetObserver observer = NetObserver.NONE;
    private volatile int maxConnections = Integer.MAX_VALUE;
    private volatile int connectionLimit = Integer.MAX_VALUE;
    private final AcceptBackoff acceptBackoff = new AcceptBackoff(LogThrottle.perSecond());
    private final Runnable resumeAccepting = this::resumeAccepting;
    private volatile boolean acceptPaused;
    private TimerHandle acceptPause;
    private volatile boolean halfClosure;
    private volatile UnaryOperator<Transport> transportWrapper = UnaryOperator.identity();
    private volatile boolean closed;
    private SelectionKey key;
    private boolean started;

    private SuperServer(Reactor reactor, ServerSocketChannel channel, Supplier<Reactor> clientReactors) {
        super(reactor);
        this.channel = channel;
        this.clientReactors = clientReactors;
    }

    /**
     * Binds a listening socket to {@code address} with the default backlog; connections go to the
     * reactors of {@code group}. It accepts nothing until {@link #start()}, so handlers can be
     * registered first.
     *
     * @throws IOException when the address cannot be bound (already in use, for example)
     */
    public static SuperServer bind(ReactorGroup group, SocketAddress address) throws IOException {
        return bind(group.next(), group::next, address, 0);
    }

    /**
     * Binds a listening socket to {@code address} with {@code backlog} (0 for
     * {@value #DEFAULT_BACKLOG}; the kernel caps it at {@code net.core.somaxconn}); connections
     * go to the reactors of {@code group}.
     *
     * @throws IOException when the address cannot be bound (already in use, for example)
     */
    public static SuperServer bind(ReactorGroup group, SocketAddress address, int backlog) throws IOException {
        return bind(group.next(), group::next, address, backlog);
    }

    /**
     * Binds a listening socket to {@code address}; {@code reactor} serves it and every connection.
     *
     * @throws IOException when the address cannot be bound (already in use, for example)
     */
    public static SuperServer bind(Reactor reactor, SocketAddress address) throws IOException {
        return bind(reactor, () -> reactor, address, 0);
    }

    /**
     * Binds, lets {@code setup} register handlers, and starts accepting (the seed's
     * {@code create_server}).
     *
     * @throws IOException when the address cannot be bound
     */
    public static SuperServer listen(ReactorGroup group, SocketAddress address, Consumer<? super SuperServer> setup)
            throws IOException {
        SuperServer server = bind(group, address);
        setup.accept(server);
        return server.start();
    }

    /**
     * Binds, lets {@code setup} register handlers, and starts accepting, all on one reactor.
     *
     * @throws IOException when the address cannot be bound
     */
    public static SuperServer listen(Reactor reactor, SocketAddress address, Consumer<? super SuperServer> setup)
            throws IOException {
        SuperServer server = bind(reactor, address);
        setup.accept(server);
        return server.start();
    }

    private static SuperServer bind(Reactor reactor, Supplier<Reactor> clientReactors, SocketAddress address,
            int backlog) throws IOException {
        Objects.requireNonNull(address, "address");
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog must be >= 0: " + backlog);
        }
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(address, backlog == 0 ? DEFAULT_BACKLOG : backlog);
        }
        catch (IOException | RuntimeException ex) {
            channel.close();
            if (ex instanceof IOException io) {
                IOException described = new java.net.BindException("cannot listen on " + address + ": " + io.getMessage());
                described.initCause(io);
                throw described;
            }
            throw ex;
        }
        return new SuperServer(reactor, channel, clientReactors);
    }

    /** Starts accepting connections. Idempotent. */
    public SuperServer start() {
        onReactor(() -> {
            if (this.started || this.closed) {
                return;
            }
            this.started = true;
            this.connectionLimit = ConnectionLimit.resolve(this, this.maxConnections);
            try {
                this.key = reactor().register(this.channel, SelectionKey.OP_ACCEPT, this);
            }
            catch (IOException ex) {
                log.warn("{}: cannot register on {}", this, reactor(), ex);
                closeNow();
            }
        });
        return this;
    }

    /** The bound address, with the actual port when bound to port 0. */
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) this.channel.getLocalAddress();
        }
        catch (IOException ex) {
            return null;
        }
    }

    /** The bound port. */
    public int port() {
        InetSocketAddress address = localAddress();
        return address == null ? -1 : address.getPort();
    }

    @Override
    public boolean isOpen() {
        return !this.closed;
    }

    /** The connections this server accepted that are still open. */
    public Set<SuperSocket> clients() {
        return Collections.unmodifiableSet(this.clients);
    }

    /** How many connections this server accepted that are still open. */
    public int activeConnections() {
        return this.active.get();
    }

    /** How many connections this server accepted in all. */
    public long acceptedConnections() {
        return this.accepted.get();
    }

    /**
     * The bytes queued and not yet written on this server's open connections (files sent with
     * {@code dumpFile} not counted). Safe from any thread; it walks the connections, so call it
     * when sampling, not per write.
     */
    public long queuedBytes() {
        long total = 0;
        for (SuperSocket client : this.clients) {
            total += client.pendingBytes();
        }
        return total;
    }

    /** Sets the outbound-queue bounds of connections accepted from now on. */
    public SuperServer watermarks(WriteWatermarks watermarks) {
        this.watermarks = Objects.requireNonNull(watermarks, "watermarks");
        return this;
    }

    /** Sets the observer of this server and of the connections it accepts from now on. */
    public SuperServer observer(NetObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        return this;
    }

    /** The observer of this server's connections. */
    public NetObserver observer() {
        return this.observer;
    }

    /** Sets {@link SuperSocket#allowHalfClosure(boolean)} for connections accepted from now on. */
    public SuperServer allowHalfClosure(boolean allow) {
        this.halfClosure = allow;
        return this;
    }

    /**
     * Refuses connections while {@code max} are open; at start the limit is lowered to the
     * file-descriptor limit minus a reserve (see {@link #effectiveMaxConnections()}).
     */
    public SuperServer maxConnections(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1: " + max);
        }
        this.maxConnections = max;
        this.connectionLimit = ConnectionLimit.clamp(max, ConnectionLimit.fileDescriptorLimit(), ConnectionLimit.FD_RESERVE);
        return this;
    }

    /**
     * How many connections may be open at once: {@link #maxConnections(int)} lowered to the
     * process's file-descriptor limit minus a reserve of 32 (as Redis does); before
     * {@link #start()}, {@link Integer#MAX_VALUE} when no maximum was set.
     */
    public int effectiveMaxConnections() {
        return this.connectionLimit;
    }

    /**
     * Wraps the TCP transport of every connection accepted from now on, for example in TLS (see
     * {@code io.untwisted.net.tls.TlsServer}). The wrapper runs on this server's reactor thread,
     * once per connection; a connection whose wrapper fails is closed and logged.
     */
    public SuperServer wrapTransports(UnaryOperator<Transport> wrapper) {
        this.transportWrapper = Objects.requireNonNull(wrapper, "wrapper");
        return this;
    }

    /** Calls {@code handler} with every accepted connection, on that connection's reactor thread. */
    public Registration onAccept(AcceptHandler handler) {
        return on(Events.ACCEPT, e -> handler.accept(this, e.arg(0)));
    }

    /** Stops accepting and closes the listening socket; accepted connections stay open. */
    public void close() {
        onReactor(this::closeNow);
    }

    /**
     * Stops accepting, says goodbye to every open connection ({@code SHUTDOWN}, then a close once
     * its queued bytes are written) and resets those still open after {@code timeout}; see
     * {@link ServerShutdown}. Safe from any thread.
     */
    public CompletableFuture<ServerShutdown.Result> shutdownGracefully(Duration timeout) {
        return ServerShutdown.start(this, timeout, ServerShutdown.SAY_GOODBYE);
    }

    @Override
    public void abandon(Throwable cause) {
        closeNow();
    }

    private void closeNow() {
        if (this.closed) {
            return;
        }
        this.closed = true;
        if (this.key != null) {
            this.key.cancel();
            reactor().deregistered();
        }
        try {
            this.channel.close();
        }
        catch (IOException ex) {
            log.debug("{}: closing the listening channel failed", this, ex);
        }
    }

    @Override
    public void ready(int readyOps) {
        for (int i = 0; i < MAX_ACCEPTS_PER_TURN && !this.closed; i++) {
            SocketChannel accepted;
            try {
                accepted = this.channel.accept();
            }
            catch (IOException ex) {
                backOff(ex);
                return;
            }
            if (accepted == null) {
                return;
            }
            this.acceptBackoff.succeeded();
            handOff(accepted);
        }
    }

    private void handOff(SocketChannel accepted) {
        if (this.active.get() >= this.connectionLimit) {
            refuse(accepted, "the limit of " + this.connectionLimit + " connections is reached");
            return;
        }
        Reactor target = this.clientReactors.get();
        SuperSocket client;
        try {
            accepted.configureBlocking(false);
            accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Transport transport = Objects.requireNonNull(this.transportWrapper.apply(new TcpTransport(accepted)),
                    "wrapped transport");
            client = new SuperSocket(target, transport, this, this.watermarks, this.observer);
            client.allowHalfClosure(this.halfClosure);
        }
        catch (IOException ex) {
            log.debug("{}: an accepted connection failed before it was served", this, ex);
            closeQuietly(accepted);
            return;
        }
        catch (RuntimeException ex) {
            log.warn("{}: cannot wrap the transport of an accepted connection; closing it", this, ex);
            closeQuietly(accepted);
            return;
        }
        this.active.incrementAndGet();
        this.accepted.incrementAndGet();
        this.clients.add(client);
        try {
            target.execute(client::accepted);
        }
        catch (RejectedExecutionException ex) {
            this.clients.remove(client);
            this.active.decrementAndGet();
            refuse(accepted, ex.getMessage());
        }
    }

    private void refuse(SocketChannel accepted, String why) {
        log.debug("{}: refused a connection: {}", this, why);
        this.observer.refused(this);
        closeQuietly(accepted);
    }

    private void backOff(IOException cause) {
        Duration pause = this.acceptBackoff.failed(this, cause);
        this.key.interestOps(0);
        this.acceptPaused = true;
        this.acceptPause = reactor().after(pause, this.resumeAccepting);
    }

    /** Accepts again, at the end of a pause or as soon as one of this server's connections frees its descriptor. */
    private void resumeAccepting() {
        if (this.acceptPause != null) {
            this.acceptPause.cancel();
            this.acceptPause = null;
        }
        this.acceptPaused = false;
        if (!this.closed && this.key.isValid()) {
            this.key.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    void driveAccept(SuperSocket client) {
        dispatch(Events.ACCEPT, new Object[] {client});
    }

    void clientClosed(SuperSocket client) {
        if (this.clients.remove(client)) {
            this.active.decrementAndGet();
        }
        if (this.acceptPaused) {
            onReactor(this.resumeAccepting);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        }
        catch (IOException ex) {
            log.debug("closing a refused connection failed", ex);
        }
    }

    @Override
    protected void dispatching(Object event, Object[] args) {
        this.observer.driven(this, event, args);
    }

    @Override
    public String toString() {
        return "SuperServer[" + localAddress() + (this.closed ? " closed" : "") + "]";
    }
}
