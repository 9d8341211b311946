package io.untwisted.spring.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.ReactorGroup;
import io.untwisted.reactor.ReactorState;
import io.untwisted.spring.context.UntwistedServer;
import io.untwisted.spring.context.UntwistedServerRegistry;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports untwisted UP when every reactor runs and every declared server is bound, DOWN otherwise,
 * with the state of each reactor and the address of each server as details.
 *
 * <p>Called on the thread that serves the health request; reads only thread-safe getters.
 */
public final class UntwistedHealthIndicator extends AbstractHealthIndicator {

    private final ReactorGroup group;
    private final UntwistedServerRegistry registry;

    /** Reports on {@code group} and the servers of {@code registry}. */
    public UntwistedHealthIndicator(ReactorGroup group, UntwistedServerRegistry registry) {
        super("untwisted health check failed");
        this.group = group;
        this.registry = registry;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean up = true;
        Map<String, String> reactors = new LinkedHashMap<>();
        for (Reactor reactor : this.group.reactors()) {
            ReactorState state = reactor.state();
            reactors.put(reactor.name(), state.name());
            up &= state == ReactorState.RUNNING;
        }
        Map<String, String> servers = new LinkedHashMap<>();
        int declared = this.registry.declarations().size();
        for (UntwistedServer server : this.registry.servers()) {
            boolean bound = server.isBound();
            servers.put(server.name(), bound ? String.valueOf(server.localAddress()) : "not bound");
            up &= bound;
        }
        up &= this.registry.servers().size() == declared;
        builder.status(up ? org.springframework.boot.health.contributor.Status.UP
                : org.springframework.boot.health.contributor.Status.DOWN)
                .withDetail("reactors", reactors)
                .withDetail("servers", servers);
    }
}
