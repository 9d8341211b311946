package io.untwisted.demo.support;

import java.util.Objects;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Where the demo's servers listen in a test run (every port is 0), and how many connections
 * each has open. The one place that knows how the starter tells bound ports — the
 * {@code local.untwisted.servers.<name>.port} environment property it sets when a server is
 * bound, as Boot sets {@code local.server.port} — so tests only ask {@link #port(String)}.
 */
@Component
public final class DemoPorts {

    private final ApplicationContext context;
    private final MeterRegistry meters;

    DemoPorts(ApplicationContext context, MeterRegistry meters) {
        this.context = context;
        this.meters = meters;
    }

    /** The port the server called {@code server} is bound to. */
    public int port(String server) {
        Objects.requireNonNull(server, "server");
        Integer port = this.context.getEnvironment().getProperty("local.untwisted.servers." + server + ".port", Integer.class);
        if (port == null || port <= 0) {
            throw new IllegalStateException("server '" + server + "' is not bound");
        }
        return port;
    }

    /** The {@code untwisted.connections.active} gauge of {@code server}. */
    public int activeConnections(String server) {
        Gauge gauge = this.meters.find("untwisted.connections.active").tag("server", server).gauge();
        if (gauge == null) {
            throw new IllegalStateException("no untwisted.connections.active gauge for server " + server);
        }
        return (int) gauge.value();
    }
}
