package io.untwisted.spring.context;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

import io.untwisted.net.WriteWatermarks;
import io.untwisted.spring.annotation.ErrorPolicy;

import org.jspecify.annotations.Nullable;

/**
 * The settings a server is bound with: its {@code @SocketServer} attributes with every
 * {@code untwisted.servers.<name>.*} property applied, placeholders resolved and values checked.
 *
 * @param name           the server's name
 * @param host           the address to listen on; empty for every interface
 * @param port           the port, 0 for a free one
 * @param backlog        the listen backlog, 0 for core's default of 1024
 * @param delimiter      the frame delimiter; empty for no framing
 * @param maxFrameLength the largest frame, in bytes
 * @param idleTimeout    how long a connection may be silent before it is closed, or null for ever
 * @param maxConnections how many connections may be open at once, 0 for no limit
 * @param watermarks     the bounds of each connection's outbound queue
 * @param onError        what happens to a connection after a handler fails
 * @param tls            the server's TLS, or null for plain TCP
 * @param firstFrameTimeout how long a connection of a framed server may take to send its first whole
 *                       frame before it is closed, or null for ever
 */
public record ServerSettings(String name, String host, int port, int backlog, String delimiter, int maxFrameLength,
        @Nullable Duration idleTimeout, int maxConnections, WriteWatermarks watermarks, ErrorPolicy onError,
        @Nullable ServerTls tls, @Nullable Duration firstFrameTimeout) {

    /** The first-frame timeout of a framed server unless configured: 30 s, as slow-loris protection. */
    public static final Duration DEFAULT_FIRST_FRAME_TIMEOUT = Duration.ofSeconds(30);

    /** Settings of a plain TCP server with the default first-frame timeout. */
    public ServerSettings(String name, String host, int port, int backlog, String delimiter, int maxFrameLength,
            @Nullable Duration idleTimeout, int maxConnections, WriteWatermarks watermarks, ErrorPolicy onError) {
        this(name, host, port, backlog, delimiter, maxFrameLength, idleTimeout, maxConnections, watermarks, onError,
                null);
    }

    /** Settings with the default first-frame timeout. */
    public ServerSettings(String name, String host, int port, int backlog, String delimiter, int maxFrameLength,
            @Nullable Duration idleTimeout, int maxConnections, WriteWatermarks watermarks, ErrorPolicy onError,
            @Nullable ServerTls tls) {
        this(name, host, port, backlog, delimiter, maxFrameLength, idleTimeout, maxConnections, watermarks, onError,
                tls, DEFAULT_FIRST_FRAME_TIMEOUT);
    }

    /** Checks every value, naming the server and the value in the message. */
    public ServerSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(delimiter, "delimiter");
        Objects.requireNonNull(watermarks, "watermarks");
        Objects.requireNonNull(onError, "onError");
        if (port < 0 || port > 65535) {
            throw invalid(name, "port must be between 0 and 65535: " + port);
        }
        if (backlog < 0) {
            throw invalid(name, "backlog must be >= 0: " + backlog);
        }
        if (maxFrameLength <= 0) {
            throw invalid(name, "max-frame-length must be > 0: " + maxFrameLength);
        }
        if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
            throw invalid(name, "idle-timeout must be > 0: " + idleTimeout);
        }
        if (firstFrameTimeout != null && (firstFrameTimeout.isNegative() || firstFrameTimeout.isZero())) {
            throw invalid(name, "first-frame-timeout must be > 0: " + firstFrameTimeout);
        }
        if (maxConnections < 0) {
            throw invalid(name, "max-connections must be >= 0: " + maxConnections);
        }
    }

    /** The address to bind. */
    public InetSocketAddress address() {
        return this.host.isEmpty() ? new InetSocketAddress(this.port) : new InetSocketAddress(this.host, this.port);
    }

    /** Whether connections are split into frames at {@link #delimiter()}. */
    public boolean framed() {
        return !this.delimiter.isEmpty();
    }

    private static IllegalStateException invalid(String name, String problem) {
        return new IllegalStateException("untwisted server '" + name + "': " + problem);
    }
}
