package io.untwisted.spring.actuate;

import java.util.ArrayList;
import java.util.List;

import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.ReactorGroup;
import io.untwisted.spring.binding.HandlerMethodBinding;
import io.untwisted.spring.context.UntwistedServer;
import io.untwisted.spring.context.UntwistedServerRegistry;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code untwisted} Actuator endpoint: the servers with their bound addresses, connection
 * counts and handler mappings ({@code event -> bean#method}), and the reactors.
 *
 * <p>Called on the thread that serves the request; reads only thread-safe getters.
 */
@Endpoint(id = "untwisted")
public final class UntwistedEndpoint {

    private final ReactorGroup group;
    private final UntwistedServerRegistry registry;

    /** Describes {@code group} and the servers of {@code registry}. */
    public UntwistedEndpoint(ReactorGroup group, UntwistedServerRegistry registry) {
        this.group = group;
        this.registry = registry;
    }

    /** Every server and reactor. */
    @ReadOperation
    public UntwistedDescriptor untwisted() {
        List<ServerDescriptor> servers = new ArrayList<>();
        for (UntwistedServer server : this.registry.servers()) {
            servers.add(describe(server));
        }
        List<ReactorDescriptor> reactors = new ArrayList<>();
        for (Reactor reactor : this.group.reactors()) {
            reactors.add(new ReactorDescriptor(reactor.name(), reactor.state().name(), reactor.pendingTasks(),
                    reactor.registeredChannels()));
        }
        return new UntwistedDescriptor(servers, reactors);
    }

    /** One server, or null (404) for an unknown name. */
    @ReadOperation
    public @Nullable ServerDescriptor server(@Selector String name) {
        UntwistedServer server = this.registry.server(name);
        return server != null ? describe(server) : null;
    }

    private static ServerDescriptor describe(UntwistedServer server) {
        List<HandlerDescriptor> handlers = new ArrayList<>();
        for (HandlerMethodBinding binding : server.bindings()) {
            handlers.add(new HandlerDescriptor(binding.event(), binding.id(), binding.offload()));
        }
        return new ServerDescriptor(server.name(), server.isBound(),
                server.localAddress() != null ? String.valueOf(server.localAddress()) : null, server.port(),
                server.activeConnections(), server.acceptedConnections(), handlers);
    }

    /**
     * The endpoint's answer.
     *
     * @param servers  the declared servers
     * @param reactors the reactors of the group
     */
    public record UntwistedDescriptor(List<ServerDescriptor> servers, List<ReactorDescriptor> reactors) {
    }

    /**
     * One server.
     *
     * @param name              its name
     * @param bound             whether it is bound and accepting
     * @param address           its bound address, or null
     * @param port              its bound port, or -1
     * @param activeConnections connections open now
     * @param openedConnections connections accepted since it was bound
     * @param handlers          its handler mappings
     */
    public record ServerDescriptor(String name, boolean bound, @Nullable String address, int port,
            int activeConnections, long openedConnections, List<HandlerDescriptor> handlers) {
    }

    /**
     * One handler mapping.
     *
     * @param event   the event key
     * @param handler {@code bean#method}
     * @param offload whether it runs off the reactor
     */
    public record HandlerDescriptor(String event, String handler, boolean offload) {
    }

    /**
     * One reactor.
     *
     * @param name         its name (and its thread's)
     * @param state        its state
     * @param pendingTasks tasks waiting in its queue
     * @param sockets      sockets registered on it
     */
    public record ReactorDescriptor(String name, String state, int pendingTasks, int sockets) {
    }
}
