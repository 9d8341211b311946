package io.untwisted.spring.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.untwisted.net.tls.ClientAuth;
import io.untwisted.spring.annotation.ErrorPolicy;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of untwisted, under {@code untwisted.*}.
 *
 * <p>Bound once at startup; not thread-safe.
 */
@ConfigurationProperties("untwisted")
public class UntwistedProperties {

    /**
     * Whether to run the reactors and the declared servers at all.
     */
    private boolean enabled = true;

    private final Reactor reactor = new Reactor();

    private final Offload offload = new Offload();

    private final Metrics metrics = new Metrics();

    private final Observations observations = new Observations();

    /**
     * Per-server settings, keyed by the server's name; each overrides the matching attribute of
     * the server's @SocketServer beans.
     */
    private final Map<String, Server> servers = new LinkedHashMap<>();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Reactor getReactor() {
        return this.reactor;
    }

    public Offload getOffload() {
        return this.offload;
    }

    public Metrics getMetrics() {
        return this.metrics;
    }

    public Observations getObservations() {
        return this.observations;
    }

    public Map<String, Server> getServers() {
        return this.servers;
    }

    /** The reactor group. */
    public static class Reactor {

        /**
         * Number of reactor threads. Defaults to the number of available processors.
         */
        private @Nullable Integer threads;

        /**
         * Prefix of the reactor threads' names; reactor i is called prefix-i.
         */
        private String threadNamePrefix = "untwisted";

        /**
         * How long a handler may run on a reactor thread before the watchdog logs and counts it.
         * Zero turns the watchdog off.
         */
        private Duration blockedThreshold = Duration.ofMillis(100);

        public @Nullable Integer getThreads() {
            return this.threads;
        }

        public void setThreads(@Nullable Integer threads) {
            this.threads = threads;
        }

        public String getThreadNamePrefix() {
            return this.threadNamePrefix;
        }

        public void setThreadNamePrefix(String threadNamePrefix) {
            this.threadNamePrefix = threadNamePrefix;
        }

        public Duration getBlockedThreshold() {
            return this.blockedThreshold;
        }

        public void setBlockedThreshold(Duration blockedThreshold) {
            this.blockedThreshold = blockedThreshold;
        }
    }

    /** Handlers declared with @OnEvent(offload = true). */
    public static class Offload {

        /**
         * Number of threads that run offloaded handlers when the JVM has no virtual threads (on
         * Java 21 and later every call gets a virtual thread). Defaults to four per available
         * processor, at least 8.
         */
        private @Nullable Integer threads;

        /**
         * How many offloaded handler calls may wait per connection; one more is a handler failure.
         */
        private int maxPendingPerConnection = 1024;

        public @Nullable Integer getThreads() {
            return this.threads;
        }

        public void setThreads(@Nullable Integer threads) {
            this.threads = threads;
        }

        public int getMaxPendingPerConnection() {
            return this.maxPendingPerConnection;
        }

        public void setMaxPendingPerConnection(int maxPendingPerConnection) {
            this.maxPendingPerConnection = maxPendingPerConnection;
        }
    }

    /** Micrometer meters. */
    public static class Metrics {

        /**
         * Whether to record untwisted's meters when a MeterRegistry is available.
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** Micrometer observations. */
    public static class Observations {

        /**
         * Whether to wrap every handler call in a Micrometer Observation (named
         * untwisted.handler.call) when an ObservationRegistry is available.
         */
        private boolean enabled;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** One server; every unset value keeps the server's @SocketServer attribute. */
    public static class Server {

        /**
         * Port to listen on; 0 picks a free port.
         */
        private @Nullable Integer port;

        /**
         * Address to listen on; empty for every interface.
         */
        private @Nullable String host;

        /**
         * Listen backlog; 0 for core's default of 1024.
         */
        private @Nullable Integer backlog;

        /**
         * Delimiter that splits each connection's bytes into frames (Terminator.FOUND events);
         * empty for no framing (LOAD events only).
         */
        private @Nullable String delimiter;

        /**
         * Largest frame accepted; a longer one drives OVERFLOW and closes the connection.
         */
        private @Nullable DataSize maxFrameLength;

        /**
         * How long a connection may see no traffic before IDLE is driven and it is closed.
         */
        private @Nullable Duration idleTimeout;

        /**
         * How long a connection of a framed server (a delimiter is set) may take to send its first
         * whole frame before it is closed (slow-loris protection); 0 turns it off. 30s when unset.
         */
        private @Nullable Duration firstFrameTimeout;

        /**
         * How many connections may be open at once; extra ones are closed at once and counted.
         * Lowered at start to the process's file-descriptor limit minus 32 (logged).
         */
        private @Nullable Integer maxConnections;

        /**
         * What happens to a connection after one of its handlers throws.
         */
        private @Nullable ErrorPolicy onError;

        private final Write write = new Write();

        private final Ssl ssl = new Ssl();

        public @Nullable Integer getPort() {
            return this.port;
        }

        public void setPort(@Nullable Integer port) {
            this.port = port;
        }

        public @Nullable String getHost() {
            return this.host;
        }

        public void setHost(@Nullable String host) {
            this.host = host;
        }

        public @Nullable Integer getBacklog() {
            return this.backlog;
        }

        public void setBacklog(@Nullable Integer backlog) {
            this.backlog = backlog;
        }

        public @Nullable String getDelimiter() {
            return this.delimiter;
        }

        public void setDelimiter(@Nullable String delimiter) {
            this.delimiter = delimiter;
        }

        public @Nullable DataSize getMaxFrameLength() {
            return this.maxFrameLength;
        }

        public void setMaxFrameLength(@Nullable DataSize maxFrameLength) {
            this.maxFrameLength = maxFrameLength;
        }

        public @Nullable Duration getIdleTimeout() {
            return this.idleTimeout;
        }

        public void setIdleTimeout(@Nullable Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        public @Nullable Duration getFirstFrameTimeout() {
            return this.firstFrameTimeout;
        }

        public void setFirstFrameTimeout(@Nullable Duration firstFrameTimeout) {
            this.firstFrameTimeout = firstFrameTimeout;
        }

        public @Nullable Integer getMaxConnections() {
            return this.maxConnections;
        }

        public void setMaxConnections(@Nullable Integer maxConnections) {
            this.maxConnections = maxConnections;
        }

        public @Nullable ErrorPolicy getOnError() {
            return this.onError;
        }

        public void setOnError(@Nullable ErrorPolicy onError) {
            this.onError = onError;
        }

        public Write getWrite() {
            return this.write;
        }

        public Ssl getSsl() {
            return this.ssl;
        }
    }

    /** TLS for one server, with the key material of a Spring Boot SSL bundle (spring.ssl.bundle.*). */
    public static class Ssl {

        /**
         * Name of the SSL bundle (spring.ssl.bundle.jks.<name> or spring.ssl.bundle.pem.<name>)
         * whose key, certificates, protocols and ciphers the server uses; TLS is off when unset.
         */
        private @Nullable String bundle;

        /**
         * Whether clients must (need), may (want) or do not (none) present a certificate that the
         * bundle's trust store trusts. Defaults to none.
         */
        private @Nullable ClientAuth clientAuth;

        /**
         * How long a connection may take to finish its TLS handshake before it is closed. Defaults
         * to 10s.
         */
        private @Nullable Duration handshakeTimeout;

        public @Nullable String getBundle() {
            return this.bundle;
        }

        public void setBundle(@Nullable String bundle) {
            this.bundle = bundle;
        }

        public @Nullable ClientAuth getClientAuth() {
            return this.clientAuth;
        }

        public void setClientAuth(@Nullable ClientAuth clientAuth) {
            this.clientAuth = clientAuth;
        }

        public @Nullable Duration getHandshakeTimeout() {
            return this.handshakeTimeout;
        }

        public void setHandshakeTimeout(@Nullable Duration handshakeTimeout) {
            this.handshakeTimeout = handshakeTimeout;
        }
    }

    /** The bounds of each connection's outbound queue. */
    public static class Write {

        /**
         * Resume reading a connection at or below this many queued outbound bytes. Defaults to
         * 32KB.
         */
        private @Nullable DataSize lowWatermark;

        /**
         * Pause reading a connection above this many queued outbound bytes. Defaults to 64KB.
         */
        private @Nullable DataSize highWatermark;

        /**
         * Close a connection above this many queued outbound bytes. Defaults to 64MB.
         */
        private @Nullable DataSize limit;

        public @Nullable DataSize getLowWatermark() {
            return this.lowWatermark;
        }

        public void setLowWatermark(@Nullable DataSize lowWatermark) {
            this.lowWatermark = lowWatermark;
        }

        public @Nullable DataSize getHighWatermark() {
            return this.highWatermark;
        }

        public void setHighWatermark(@Nullable DataSize highWatermark) {
            this.highWatermark = highWatermark;
        }

        public @Nullable DataSize getLimit() {
            return this.limit;
        }

        public void setLimit(@Nullable DataSize limit) {
            this.limit = limit;
        }
    }
}
