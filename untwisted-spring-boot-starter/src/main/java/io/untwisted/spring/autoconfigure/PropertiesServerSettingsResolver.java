package io.untwisted.spring.autoconfigure;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.untwisted.net.WriteWatermarks;
import io.untwisted.spring.context.ServerDeclaration;
import io.untwisted.spring.context.ServerSettings;
import io.untwisted.spring.context.ServerSettingsResolver;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Resolves a server's settings: each {@code untwisted.servers.<name>.*} property that is set wins
 * over the {@code @SocketServer} attribute, whose placeholders are resolved against the
 * environment. Every failure names the server and the value.
 *
 * <p>Used at startup, on the thread that starts the context.
 */
final class PropertiesServerSettingsResolver implements ServerSettingsResolver {

    private final UntwistedProperties properties;
    private final Environment environment;
    private final SslBundleServerTls tls;

    PropertiesServerSettingsResolver(UntwistedProperties properties, Environment environment) {
        this(properties, environment, () -> null);
    }

    PropertiesServerSettingsResolver(UntwistedProperties properties, Environment environment,
            Supplier<@Nullable SslBundles> sslBundles) {
        this.properties = properties;
        this.environment = environment;
        this.tls = new SslBundleServerTls(sslBundles);
    }

    @Override
    public void validate(Collection<ServerDeclaration> declarations) {
        Set<String> declared = new TreeSet<>();
        declarations.forEach(declaration -> declared.add(declaration.name()));
        for (String configured : this.properties.getServers().keySet()) {
            if (!declared.contains(configured)) {
                throw new IllegalStateException("untwisted.servers." + configured + " is configured, but no "
                        + "@SocketServer bean declares a server named '" + configured + "' (declared: "
                        + (declared.isEmpty() ? "none" : String.join(", ", declared)) + ")");
            }
        }
    }

    @Override
    public ServerSettings resolve(ServerDeclaration declaration) {
        String name = declaration.name();
        UntwistedProperties.Server configured = this.properties.getServers().get(name);
        UntwistedProperties.Server server = configured != null ? configured : new UntwistedProperties.Server();
        UntwistedProperties.Write write = server.getWrite();
        String host = or(server.getHost(), () -> placeholders(name, "host", declaration.host()));
        int port = or(server.getPort(), () -> parse(name, "port", placeholders(name, "port", declaration.port()),
                Integer::valueOf, "a port number"));
        int backlog = or(server.getBacklog(), declaration::backlog);
        String delimiter = or(server.getDelimiter(), () -> placeholders(name, "delimiter", declaration.delimiter()));
        int maxFrameLength = server.getMaxFrameLength() != null
                ? bytes(name, "max-frame-length", server.getMaxFrameLength()) : declaration.maxFrameLength();
        Duration idleTimeout = server.getIdleTimeout() != null ? server.getIdleTimeout()
                : duration(name, placeholders(name, "idle-timeout", declaration.idleTimeout()));
        int maxConnections = or(server.getMaxConnections(), declaration::maxConnections);
        WriteWatermarks watermarks = watermarks(name, write, declaration);
        return new ServerSettings(name, host, port, backlog, delimiter, maxFrameLength, idleTimeout, maxConnections,
                watermarks, or(server.getOnError(), declaration::onError), this.tls.resolve(name, server.getSsl()),
                firstFrameTimeout(server.getFirstFrameTimeout()));
    }

    /** Unset means the default; zero turns it off. */
    private static @Nullable Duration firstFrameTimeout(@Nullable Duration configured) {
        if (configured == null) {
            return ServerSettings.DEFAULT_FIRST_FRAME_TIMEOUT;
        }
        return configured.isZero() ? null : configured;
    }

    private WriteWatermarks watermarks(String name, UntwistedProperties.Write write, ServerDeclaration declaration) {
        long low = size(name, "write.low-watermark", write.getLowWatermark(), declaration.writeLowWatermark(),
                WriteWatermarks.DEFAULT.low());
        long high = size(name, "write.high-watermark", write.getHighWatermark(), declaration.writeHighWatermark(),
                WriteWatermarks.DEFAULT.high());
        long limit = size(name, "write.limit", write.getLimit(), declaration.writeLimit(), WriteWatermarks.DEFAULT.limit());
        try {
            return new WriteWatermarks(toInt(name, "write.low-watermark", low), toInt(name, "write.high-watermark", high),
                    limit);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalStateException("untwisted server '" + name + "': " + ex.getMessage(), ex);
        }
    }

    private long size(String name, String key, @Nullable DataSize configured, String attribute, long defaultValue) {
        if (configured != null) {
            return configured.toBytes();
        }
        String text = placeholders(name, key, attribute);
        return text.isEmpty() ? defaultValue : parse(name, key, text, DataSize::parse, "a size such as 64KB").toBytes();
    }

    private static int bytes(String name, String key, DataSize size) {
        return toInt(name, key, size.toBytes());
    }

    private static int toInt(String name, String key, long value) {
        if (value > Integer.MAX_VALUE) {
            throw new IllegalStateException("untwisted server '" + name + "': " + key + " must be at most "
                    + Integer.MAX_VALUE + " bytes: " + value);
        }
        return (int) value;
    }

    private static @Nullable Duration duration(String name, String text) {
        if (text.isEmpty()) {
            return null;
        }
        return parse(name, "idle-timeout", text, DurationStyle::detectAndParse, "a duration such as 30s");
    }

    private String placeholders(String name, String key, String value) {
        try {
            return this.environment.resolveRequiredPlaceholders(value);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalStateException("untwisted server '" + name + "': " + key + " '" + value
                    + "' cannot be resolved: " + ex.getMessage(), ex);
        }
    }

    private static <T> T parse(String name, String key, String text, java.util.function.Function<String, T> parser,
            String expected) {
        try {
            return parser.apply(text.trim());
        }
        catch (RuntimeException ex) {
            throw new IllegalStateException("untwisted server '" + name + "': " + key + " '" + text + "' is not "
                    + expected, ex);
        }
    }

    private static <T> T or(@Nullable T configured, Supplier<T> declared) {
        return configured != null ? configured : declared.get();
    }
}
