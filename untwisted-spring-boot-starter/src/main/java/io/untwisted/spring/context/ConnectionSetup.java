package io.untwisted.spring.context;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.untwisted.event.Event;
import io.untwisted.event.Events;
import io.untwisted.event.Handler;
import io.untwisted.event.HandlerFailure;
import io.untwisted.net.CloseReason;
import io.untwisted.net.NetObserver;
import io.untwisted.net.SuperSocket;
import io.untwisted.net.Timeouts;
import io.untwisted.reactor.Reactor;
import io.untwisted.spring.annotation.ErrorPolicy;
import io.untwisted.spring.binding.HandlerMethodBinding;
import io.untwisted.split.Terminator;

import org.jspecify.annotations.Nullable;

/**
 * The first {@code ACCEPT} handler of a server: sets up each accepted connection before the
 * application's {@code ACCEPT} handlers run and before it reads anything. It installs the
 * observer of the connection's reactor, the framing, the server's handlers (shared objects, built
 * at startup, one set per reactor), the error policy and the idle watch.
 *
 * <p>Runs on the accepted connection's reactor thread.
 */
final class ConnectionSetup implements Handler {

    private final ServerSettings settings;
    private final Map<Reactor, OnReactor> byReactor = new IdentityHashMap<>();
    private final String[] events;
    private final Supplier<Executor> offloadExecutor;
    private final int maxPendingOffload;
    private final Handler onError;
    private final Timeouts timeouts;

    ConnectionSetup(ServerSettings settings, List<HandlerMethodBinding> bindings, List<Reactor> reactors,
            ServerInstrumentation instrumentation, HandlerFactory handlers, Supplier<Executor> offloadExecutor,
            int maxPendingOffload) {
        this.settings = settings;
        this.events = bindings.stream().map(HandlerMethodBinding::event).toArray(String[]::new);
        for (Reactor reactor : reactors) {
            Handler[] forReactor = new Handler[bindings.size()];
            for (int i = 0; i < forReactor.length; i++) {
                forReactor[i] = handlers.create(bindings.get(i), reactor);
            }
            this.byReactor.put(reactor, new OnReactor(forReactor, instrumentation.observer(reactor)));
        }
        this.offloadExecutor = offloadExecutor;
        this.maxPendingOffload = maxPendingOffload;
        this.onError = settings.onError() == ErrorPolicy.CLOSE ? ConnectionSetup::closeOnFailure : event -> {
        };
        this.timeouts = timeouts(settings);
    }

    /** The server's timeouts; timed-out connections close once their queued handler calls have run. */
    static Timeouts timeouts(ServerSettings settings) {
        Timeouts timeouts = Timeouts.none().idle(settings.idleTimeout())
                .closeWith(ConnectionState::closeAfterHandlers);
        if (settings.framed() && settings.firstFrameTimeout() != null) {
            timeouts = timeouts.firstFrame(settings.firstFrameTimeout(), Terminator.FOUND);
        }
        return timeouts;
    }

    @Override
    public void handle(Event event) {
        SuperSocket client = event.arg(0);
        OnReactor onReactor = this.byReactor.get(client.reactor());
        if (onReactor == null) {
            throw new IllegalStateException("connection " + client + " is served by " + client.reactor()
                    + ", which is not a reactor of the group the server was bound with");
        }
        client.observer(onReactor.observer());
        ConnectionState state = new ConnectionState(client, this.offloadExecutor.get(), this.maxPendingOffload);
        client.attr(ConnectionState.ATTRIBUTE, state);
        if (this.settings.framed()) {
            Terminator.install(client, this.settings.delimiter(), this.settings.maxFrameLength());
        }
        Handler[] handlers = onReactor.handlers();
        for (int i = 0; i < handlers.length; i++) {
            client.on(this.events[i], handlers[i]);
        }
        client.on(Events.ERROR, this.onError);
        this.timeouts.applyTo(client);
    }

    private static void closeOnFailure(Event event) {
        if (event.size() > 0 && event.arg(0) instanceof HandlerFailure failure) {
            ConnectionState state = ConnectionState.of((SuperSocket) event.source());
            if (state != null) {
                state.closeAfterHandlers(CloseReason.ERROR, failure);
            }
        }
    }

    @Override
    public String toString() {
        return "connection setup of server '" + this.settings.name() + "'";
    }

    /** What the connections of one reactor get: the server's handlers and the reactor's observer. */
    private record OnReactor(Handler[] handlers, NetObserver observer) {
    }

    /** Creates the handler of one binding for the connections of one reactor. */
    @FunctionalInterface
    interface HandlerFactory {
        Handler create(HandlerMethodBinding binding, @Nullable Reactor reactor);
    }
}
