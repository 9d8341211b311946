package io.untwisted.spring.context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.untwisted.event.Handler;
import io.untwisted.net.SuperServer;
import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.ReactorGroup;
import io.untwisted.reactor.ReactorState;
import io.untwisted.spring.binding.HandlerMethodBinding;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Runs the {@link ReactorGroup} and the declared servers with the application context.
 *
 * <p>{@link #start()} starts the reactors, binds every server (all handlers are discovered by
 * then), starts accepting, and publishes an {@link UntwistedServerStartedEvent} per server. A
 * failure to bind stops everything it started and fails startup.
 *
 * <p>{@link #stop(Runnable)} shuts down gracefully, on its own thread: every server stops
 * accepting, every connection gets {@code SHUTDOWN} (so a protocol can say goodbye) and is closed
 * once its queued writes are written; connections still open when the shutdown timeout (the
 * phase's {@code spring.lifecycle.timeout-per-shutdown-phase}) is almost over are closed at once;
 * then the reactors stop. Called by the context's lifecycle processor, on its thread.
 */
public final class ReactorGroupLifecycle implements SmartLifecycle, DisposableBean {

    /**
     * The lifecycle phase: started after ordinary lifecycle beans, stopped before them (and with
     * Boot's web server graceful shutdown), so handlers' dependencies are still there while
     * connections drain.
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

    private static final Logger log = LoggerFactory.getLogger(ReactorGroupLifecycle.class);
    private static final String PORTS_PROPERTY_SOURCE = "untwisted.server.ports";

    private final ReactorGroup group;
    private final UntwistedServerRegistry registry;
    private final ServerSettingsResolver resolver;
    private final Supplier<List<UntwistedInstrumentation>> instrumentations;
    private final Options options;
    private final ApplicationEventPublisher publisher;
    private final @Nullable ConfigurableEnvironment environment;
    private final BlockedReactorWatchdog watchdog;
    private final Object monitor = new Object();
    private volatile boolean running;
    private @Nullable ExecutorService offloadExecutor;

    /**
     * Creates the lifecycle of {@code group} and the servers of {@code registry}.
     *
     * @param instrumentations supplies the instrumentations when the servers are bound
     * @param environment      where the bound ports are published, or null
     */
    public ReactorGroupLifecycle(ReactorGroup group, UntwistedServerRegistry registry, ServerSettingsResolver resolver,
            Supplier<List<UntwistedInstrumentation>> instrumentations, Options options,
            ApplicationEventPublisher publisher, @Nullable ConfigurableEnvironment environment) {
        this.group = group;
        this.registry = registry;
        this.resolver = resolver;
        this.instrumentations = instrumentations;
        this.options = options;
        this.publisher = publisher;
        this.environment = environment;
        this.watchdog = new BlockedReactorWatchdog(group.reactors(), options.blockedThreshold());
    }

    @Override
    public void start() {
        synchronized (this.monitor) {
            if (this.running) {
                return;
            }
            List<UntwistedServer> servers = createServers();
            startReactors();
            this.watchdog.start();
            try {
                List<UntwistedInstrumentation> instruments = this.instrumentations.get();
                for (UntwistedServer server : servers) {
                    bind(server, instruments);
                }
            }
            catch (RuntimeException ex) {
                servers.forEach(UntwistedServer::stopAccepting);
                stopReactors(Duration.ofSeconds(5));
                throw ex;
            }
            this.registry.servers(servers);
            this.running = true;
            for (UntwistedServer server : servers) {
                server.startAccepting();
                log.info("untwisted server '{}' listening on {} with {} handler(s)", server.name(),
                        server.localAddress(), server.bindings().size());
            }
            publishPorts(servers);
        }
    }

    private List<UntwistedServer> createServers() {
        List<UntwistedServer> servers = new ArrayList<>();
        this.resolver.validate(this.registry.declarations());
        for (ServerDeclaration declaration : this.registry.declarations()) {
            ServerSettings settings = this.resolver.resolve(declaration);
            servers.add(new UntwistedServer(settings, this.registry.bindings(declaration.name())));
        }
        return servers;
    }

    private void startReactors() {
        for (Reactor reactor : this.group.reactors()) {
            if (reactor.state() == ReactorState.NEW) {
                reactor.start();
            }
            else if (reactor.state() != ReactorState.RUNNING) {
                throw new IllegalStateException("reactor " + reactor.name() + " is " + reactor.state()
                        + "; a stopped reactor group cannot be started again");
            }
        }
    }

    private void bind(UntwistedServer server, List<UntwistedInstrumentation> instruments) {
        SuperServer socket = server.bind(this.group);
        List<ServerInstrumentation> perServer = new ArrayList<>();
        for (UntwistedInstrumentation instrumentation : instruments) {
            perServer.add(instrumentation.server(server.name(), socket, server.bindings()));
        }
        ServerInstrumentation chain = CompositeServerInstrumentation.of(perServer);
        server.configure(this.group.reactors(), chain, (binding, reactor) -> createHandler(binding, reactor, chain),
                this::offloadExecutor, this.options.maxPendingOffload());
    }

    private Handler createHandler(HandlerMethodBinding binding, @Nullable Reactor reactor,
            ServerInstrumentation chain) {
        HandlerInstrumentation instrumentation = chain.handler(binding, HandlerInstrumentation.NONE);
        if (binding.offload()) {
            return new OffloadedHandler(binding, instrumentation);
        }
        ReactorActivity activity = reactor != null ? this.watchdog.activityOf(reactor) : null;
        return new BoundHandler(binding, instrumentation, activity, this.watchdog);
    }

    private ExecutorService offloadExecutor() {
        synchronized (this.monitor) {
            if (this.offloadExecutor == null) {
                this.offloadExecutor = OffloadExecutors.create(this.options.offloadThreads());
            }
            return this.offloadExecutor;
        }
    }

    private void publishPorts(List<UntwistedServer> servers) {
        Map<String, Object> ports = new LinkedHashMap<>();
        for (UntwistedServer server : servers) {
            ports.put("local.untwisted.servers." + server.name() + ".port", server.port());
        }
        if (this.environment != null) {
            PropertySource<?> source = new MapPropertySource(PORTS_PROPERTY_SOURCE, ports);
            if (this.environment.getPropertySources().contains(PORTS_PROPERTY_SOURCE)) {
                this.environment.getPropertySources().replace(PORTS_PROPERTY_SOURCE, source);
            }
            else {
                this.environment.getPropertySources().addFirst(source);
            }
        }
        for (UntwistedServer server : servers) {
            java.net.InetSocketAddress address = server.localAddress();
            if (address != null) {
                this.publisher.publishEvent(new UntwistedServerStartedEvent(server, address));
            }
        }
    }

    @Override
    public void stop() {
        CountDownLatch stopped = new CountDownLatch(1);
        stop(stopped::countDown);
        try {
            if (!stopped.await(this.options.shutdownTimeout().toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
                log.warn("untwisted did not stop within {}", this.options.shutdownTimeout());
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop(Runnable callback) {
        synchronized (this.monitor) {
            if (!this.running) {
                callback.run();
                return;
            }
            this.running = false;
        }
        Thread shutdown = new Thread(() -> {
            try {
                shutdown(this.options.shutdownTimeout());
            }
            catch (RuntimeException ex) {
                log.error("untwisted shutdown failed", ex);
            }
            finally {
                callback.run();
            }
        }, "untwisted-shutdown");
        shutdown.start();
    }

    private void shutdown(Duration timeout) {
        new GracefulShutdown(this.registry.servers(), timeout).run();
        ExecutorService executor;
        synchronized (this.monitor) {
            executor = this.offloadExecutor;
            this.offloadExecutor = null;
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        stopReactors(Duration.ofSeconds(5));
    }

    private void stopReactors(Duration wait) {
        this.watchdog.stop();
        this.group.stop();
        try {
            if (!this.group.awaitTermination(wait)) {
                log.error("untwisted reactors did not stop within {}", wait);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public boolean isPauseable() {
        return false;
    }

    /** Stops what is still running when the context is destroyed without being stopped (a failed refresh). */
    @Override
    public void destroy() {
        if (this.running) {
            stop();
        }
        else {
            this.watchdog.stop();
        }
    }

    /**
     * How the lifecycle runs.
     *
     * @param shutdownTimeout   how long a graceful shutdown may take
     * @param blockedThreshold  how long a handler may run on a reactor thread before the watchdog
     *                          reports it; zero turns the watchdog off
     * @param offloadThreads    the threads of the offload pool when there are no virtual threads
     * @param maxPendingOffload how many offloaded calls may wait per connection
     */
    public record Options(Duration shutdownTimeout, Duration blockedThreshold, int offloadThreads,
            int maxPendingOffload) {

        /** Checks the values. */
        public Options {
            if (shutdownTimeout.isNegative()) {
                throw new IllegalArgumentException("shutdownTimeout must be >= 0: " + shutdownTimeout);
            }
            if (blockedThreshold.isNegative()) {
                throw new IllegalArgumentException("blockedThreshold must be >= 0: " + blockedThreshold);
            }
            if (offloadThreads < 1) {
                throw new IllegalArgumentException("offloadThreads must be >= 1: " + offloadThreads);
            }
            if (maxPendingOffload < 1) {
                throw new IllegalArgumentException("maxPendingOffload must be >= 1: " + maxPendingOffload);
            }
        }
    }
}
