package io.untwisted.spring.context;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.untwisted.event.Events;
import io.untwisted.event.Handler;
import io.untwisted.net.NetObserver;
import io.untwisted.net.ServerShutdown;
import io.untwisted.net.SuperServer;
import io.untwisted.net.tls.TlsConfig;
import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.ReactorGroup;
import io.untwisted.spring.binding.HandlerMethodBinding;

import org.jspecify.annotations.Nullable;

/**
 * One server declared with {@code @SocketServer}: its settings, its handlers and, once the
 * application context has started, its listening socket.
 *
 * <p>The getters are safe from any thread. Binding and stopping are done by
 * {@link ReactorGroupLifecycle}.
 */
public final class UntwistedServer {

    private final ServerSettings settings;
    private final List<HandlerMethodBinding> bindings;
    private volatile @Nullable SuperServer socket;
    private volatile ServerInstrumentation instrumentation = ServerInstrumentation.NONE;

    UntwistedServer(ServerSettings settings, List<HandlerMethodBinding> bindings) {
        this.settings = settings;
        this.bindings = List.copyOf(bindings);
    }

    /** The server's name. */
    public String name() {
        return this.settings.name();
    }

    /** The settings it is bound with. */
    public ServerSettings settings() {
        return this.settings;
    }

    /** Its {@code @OnEvent} handlers. */
    public List<HandlerMethodBinding> bindings() {
        return this.bindings;
    }

    /** The listening socket, or null before the context starts. */
    public @Nullable SuperServer socket() {
        return this.socket;
    }

    /** Whether it is bound and accepting. */
    public boolean isBound() {
        SuperServer current = this.socket;
        return current != null && current.isOpen();
    }

    /** The bound address (with the actual port when bound to port 0), or null when not bound. */
    public @Nullable InetSocketAddress localAddress() {
        SuperServer current = this.socket;
        return current != null && current.isOpen() ? current.localAddress() : null;
    }

    /** The bound port, or -1 when not bound. */
    public int port() {
        InetSocketAddress address = localAddress();
        return address != null ? address.getPort() : -1;
    }

    /** The connections open now. */
    public int activeConnections() {
        SuperServer current = this.socket;
        return current != null ? current.activeConnections() : 0;
    }

    /** The connections accepted since it was bound. */
    public long acceptedConnections() {
        SuperServer current = this.socket;
        return current != null ? current.acceptedConnections() : 0;
    }

    /**
     * Binds the listening socket; it accepts nothing until {@link #startAccepting()}.
     *
     * @throws UntwistedServerBindException when the address cannot be bound
     */
    SuperServer bind(ReactorGroup group) {
        SuperServer bound;
        try {
            bound = SuperServer.bind(group, this.settings.address(), this.settings.backlog());
        }
        catch (IOException ex) {
            throw new UntwistedServerBindException(this.settings, ex);
        }
        this.socket = bound;
        return bound;
    }

    /** Applies the limits and registers the handlers on the bound socket. */
    void configure(List<Reactor> reactors, ServerInstrumentation instrumentation, ConnectionSetup.HandlerFactory handlers,
            Supplier<Executor> offloadExecutor, int maxPendingOffload) {
        SuperServer bound = this.socket;
        if (bound == null) {
            throw new IllegalStateException("server '" + name() + "' is not bound");
        }
        this.instrumentation = instrumentation;
        NetObserver observer = instrumentation.observer();
        bound.watermarks(this.settings.watermarks());
        ServerTls tls = this.settings.tls();
        if (tls != null) {
            Supplier<TlsConfig> config = tls.config();
            bound.wrapTransports(tcp -> config.get().serverTransport(tcp));
        }
        if (this.settings.maxConnections() > 0) {
            bound.maxConnections(this.settings.maxConnections());
        }
        bound.observer(observer);
        List<HandlerMethodBinding> onConnections = new ArrayList<>();
        List<HandlerMethodBinding> onAccept = new ArrayList<>();
        for (HandlerMethodBinding binding : this.bindings) {
            (binding.isAccept() ? onAccept : onConnections).add(binding);
        }
        bound.on(Events.ACCEPT, new ConnectionSetup(this.settings, onConnections, reactors, instrumentation,
                handlers, offloadExecutor, maxPendingOffload));
        for (HandlerMethodBinding binding : onAccept) {
            Handler handler = handlers.create(binding, null);
            bound.on(Events.ACCEPT, handler);
        }
    }

    void startAccepting() {
        SuperServer current = this.socket;
        if (current != null) {
            current.start();
        }
    }

    /** Stops accepting; open connections stay open. */
    void stopAccepting() {
        SuperServer current = this.socket;
        if (current != null) {
            current.close();
        }
    }

    /**
     * Stops accepting, drives {@code SHUTDOWN} on every open connection and closes it once its
     * handler calls have run and its queued bytes are written; resets those still open after
     * {@code timeout} and counts them. Completes at once when the server is not bound.
     */
    CompletableFuture<ServerShutdown.Result> shutdownGracefully(Duration timeout) {
        SuperServer current = this.socket;
        if (current == null) {
            return CompletableFuture.completedFuture(new ServerShutdown.Result(0, 0, Duration.ZERO));
        }
        return ServerShutdown.start(current, timeout, ConnectionState::shutdown).whenComplete((result, failure) -> {
            if (result != null && result.aborted() > 0) {
                this.instrumentation.shutdownAborted(result.aborted());
            }
        });
    }

    @Override
    public String toString() {
        return "UntwistedServer[" + name() + " " + (isBound() ? localAddress() : "not bound") + "]";
    }
}
