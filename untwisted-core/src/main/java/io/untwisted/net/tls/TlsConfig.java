package io.untwisted.net.tls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import io.untwisted.internal.LogThrottle;
import io.untwisted.net.Transport;

/**
 * How TLS connections are made: the {@link SSLContext} with their keys and trusted certificates,
 * the protocol versions, the cipher suites, client authentication and the handshake timeout.
 * Immutable and safe to share between servers, clients and threads; build it with
 * {@link #builder(SSLContext)}. The connections made from one configuration share one log
 * throttle: at most one handshake-failure line per {@link TlsFailureReason} and second.
 *
 * <p>Defaults, secure unless told otherwise:
 * <ul>
 * <li>protocols {@code TLSv1.3} and {@code TLSv1.2} (those of them the context supports); older
 * versions only when asked for explicitly;</li>
 * <li>cipher suites: the JDK's defaults for the context;</li>
 * <li>clients verify the server's host name ({@link SSLParameters} endpoint identification
 * {@code "HTTPS"}) and send it as SNI unless it is an IP address;</li>
 * <li>servers do not ask for client certificates ({@link ClientAuth#NONE});</li>
 * <li>the handshake must complete within {@value #DEFAULT_HANDSHAKE_TIMEOUT_SECONDS} s;</li>
 * <li>servers refuse TLS 1.2 renegotiation started by the client (see {@link TlsTransport}).</li>
 * </ul>
 */
public final class TlsConfig {

    /** The default handshake timeout, in seconds. */
    public static final long DEFAULT_HANDSHAKE_TIMEOUT_SECONDS = 10;

    /** How long a handshake may take unless told otherwise: 10 seconds. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(DEFAULT_HANDSHAKE_TIMEOUT_SECONDS);

    /** The protocol versions enabled unless told otherwise, in order of preference. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** The endpoint identification algorithm of clients unless told otherwise (RFC 2818 host name checks). */
    public static final String DEFAULT_ENDPOINT_IDENTIFICATION = "HTTPS";

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final SSLContext context;
    private final List<String> protocols;
    private final List<String> cipherSuites;
    private final ClientAuth clientAuth;
    private final Duration handshakeTimeout;
    private final String endpointIdentification;
    private final HandshakeFailureLog failureLog = new HandshakeFailureLog(LogThrottle.perSecond());

    private TlsConfig(Builder builder) {
        this.context = builder.context;
        this.protocols = builder.protocols;
        this.cipherSuites = builder.cipherSuites;
        this.clientAuth = builder.clientAuth;
        this.handshakeTimeout = builder.handshakeTimeout;
        this.endpointIdentification = builder.endpointIdentification;
    }

    /** A configuration of {@code context} with every default. */
    public static TlsConfig of(SSLContext context) {
        return builder(context).build();
    }

    /** A builder of a configuration that uses {@code context}. */
    public static Builder builder(SSLContext context) {
        return new Builder(context);
    }

    /** The context engines are made from. */
    public SSLContext context() {
        return this.context;
    }

    /** The enabled protocol versions. */
    public List<String> protocols() {
        return this.protocols;
    }

    /** The enabled cipher suites, or an empty list for the JDK's defaults. */
    public List<String> cipherSuites() {
        return this.cipherSuites;
    }

    /** Whether servers ask clients for certificates. */
    public ClientAuth clientAuth() {
        return this.clientAuth;
    }

    /** How long a handshake may take before the connection is reset. */
    public Duration handshakeTimeout() {
        return this.handshakeTimeout;
    }

    /** The endpoint identification algorithm of clients, or null when clients do not check host names. */
    public String endpointIdentification() {
        return this.endpointIdentification;
    }

    /**
     * A server-side TLS transport over {@code inner}: the {@link io.untwisted.net.SuperServer}
     * transport wrapper that {@link TlsServer} installs.
     */
    public TlsTransport serverTransport(Transport inner) {
        SSLEngine engine = this.context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = parameters(engine);
        switch (this.clientAuth) {
            case NEED -> parameters.setNeedClientAuth(true);
            case WANT -> parameters.setWantClientAuth(true);
            case NONE -> parameters.setWantClientAuth(false);
        }
        engine.setSSLParameters(parameters);
        return new TlsTransport(inner, engine, this.handshakeTimeout, this.failureLog);
    }

    /**
     * A client-side TLS transport over {@code inner} to {@code host}: the host name is checked
     * against the server's certificate (unless endpoint identification is off) and sent as SNI
     * (unless it is an IP address). {@code port} only helps the JDK resume sessions.
     */
    public TlsTransport clientTransport(Transport inner, String host, int port) {
        Objects.requireNonNull(host, "host");
        SSLEngine engine = this.context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = parameters(engine);
        parameters.setEndpointIdentificationAlgorithm(this.endpointIdentification);
        if (!isIpAddress(host)) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        engine.setSSLParameters(parameters);
        return new TlsTransport(inner, engine, this.handshakeTimeout, this.failureLog);
    }

    private SSLParameters parameters(SSLEngine engine) {
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(this.protocols.toArray(String[]::new));
        if (!this.cipherSuites.isEmpty()) {
            parameters.setCipherSuites(this.cipherSuites.toArray(String[]::new));
        }
        return parameters;
    }

    static boolean isIpAddress(String host) {
        return host.indexOf(':') >= 0 || IPV4.matcher(host).matches();
    }

    @Override
    public String toString() {
        return "TlsConfig[protocols=" + this.protocols + ", clientAuth=" + this.clientAuth
                + ", handshakeTimeout=" + this.handshakeTimeout + ", endpointIdentification="
                + this.endpointIdentification + "]";
    }

    /** Builds a {@link TlsConfig}; not thread-safe. */
    public static final class Builder {

        private final SSLContext context;
        private List<String> protocols;
        private List<String> cipherSuites = List.of();
        private ClientAuth clientAuth = ClientAuth.NONE;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private String endpointIdentification = DEFAULT_ENDPOINT_IDENTIFICATION;

        private Builder(SSLContext context) {
            this.context = Objects.requireNonNull(context, "context");
        }

        /** Enables exactly {@code protocols} (for example {@code "TLSv1.3"}); default {@link #DEFAULT_PROTOCOLS}. */
        public Builder protocols(String... protocols) {
            this.protocols = List.of(protocols);
            return this;
        }

        /** Enables exactly {@code cipherSuites}; by default the JDK's defaults. */
        public Builder cipherSuites(String... cipherSuites) {
            this.cipherSuites = List.of(cipherSuites);
            return this;
        }

        /** Whether servers ask for client certificates; default {@link ClientAuth#NONE}. */
        public Builder clientAuth(ClientAuth clientAuth) {
            this.clientAuth = Objects.requireNonNull(clientAuth, "clientAuth");
            return this;
        }

        /** How long a handshake may take, more than zero; default 10 seconds. */
        public Builder handshakeTimeout(Duration handshakeTimeout) {
            if (handshakeTimeout.isZero() || handshakeTimeout.isNegative()) {
                throw new IllegalArgumentException("handshakeTimeout must be > 0: " + handshakeTimeout);
            }
            this.handshakeTimeout = handshakeTimeout;
            return this;
        }

        /**
         * The endpoint identification algorithm of clients; default {@code "HTTPS"}. Null turns
         * host name verification off, which lets anyone with a trusted certificate for any name
         * impersonate the server: only for tests and pinned certificates.
         */
        public Builder endpointIdentification(String algorithm) {
            this.endpointIdentification = algorithm;
            return this;
        }

        /**
         * Builds the configuration, checking the protocols and cipher suites against the
         * context.
         *
         * @throws IllegalArgumentException when the context supports none of the protocols, or
         *         does not know one that was asked for explicitly, or a cipher suite
         */
        public TlsConfig build() {
            SSLEngine probe = this.context.createSSLEngine();
            List<String> supported = Arrays.asList(probe.getSupportedProtocols());
            if (this.protocols == null) {
                List<String> enabled = new ArrayList<>(DEFAULT_PROTOCOLS);
                enabled.retainAll(supported);
                if (enabled.isEmpty()) {
                    throw new IllegalArgumentException("the SSLContext supports neither of " + DEFAULT_PROTOCOLS
                            + ": " + supported);
                }
                this.protocols = List.copyOf(enabled);
            }
            else if (this.protocols.isEmpty() || !supported.containsAll(this.protocols)) {
                throw new IllegalArgumentException("unsupported TLS protocols " + this.protocols
                        + "; the SSLContext supports " + supported);
            }
            if (!this.cipherSuites.isEmpty()
                    && !Arrays.asList(probe.getSupportedCipherSuites()).containsAll(this.cipherSuites)) {
                throw new IllegalArgumentException("unsupported cipher suites in " + this.cipherSuites);
            }
            return new TlsConfig(this);
        }
    }
}
