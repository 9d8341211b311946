package io.untwisted.spring.autoconfigure;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.untwisted.net.tls.ClientAuth;
import io.untwisted.net.tls.TlsConfig;
import io.untwisted.spring.context.ServerTls;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;

/**
 * Turns {@code untwisted.servers.<name>.ssl.*} into a server's {@link ServerTls}, the way Spring
 * Boot's own servers use {@code server.ssl.bundle}: the bundle's key and trust material make the
 * {@code SSLContext}, its {@code options.enabled-protocols} and {@code options.ciphers} (when set)
 * replace untwisted's defaults, and {@code client-auth} says whether clients present certificates.
 * When Boot reloads the bundle, connections accepted afterwards use the new material.
 *
 * <p>Used at startup, on the thread that starts the context; the suppliers it returns are safe
 * from any thread.
 */
final class SslBundleServerTls {

    private static final Logger log = LoggerFactory.getLogger(SslBundleServerTls.class);

    private final Supplier<@Nullable SslBundles> sslBundles;

    SslBundleServerTls(Supplier<@Nullable SslBundles> sslBundles) {
        this.sslBundles = sslBundles;
    }

    /**
     * The TLS of server {@code name}, or null when it has no {@code ssl.bundle}.
     *
     * @throws IllegalStateException when the bundle does not exist or cannot make a TLS
     *         configuration, or TLS options are set without a bundle; the message names the server
     */
    @Nullable ServerTls resolve(String name, UntwistedProperties.Ssl ssl) {
        String bundleName = ssl.getBundle();
        if (bundleName == null || bundleName.isBlank()) {
            if (ssl.getClientAuth() != null || ssl.getHandshakeTimeout() != null) {
                throw invalid(name, "ssl.client-auth and ssl.handshake-timeout need ssl.bundle");
            }
            return null;
        }
        SslBundles bundles = this.sslBundles.get();
        if (bundles == null) {
            throw invalid(name, "ssl.bundle is '" + bundleName + "' but there are no SSL bundles "
                    + "(is SslAutoConfiguration excluded?)");
        }
        ClientAuth clientAuth = ssl.getClientAuth() != null ? ssl.getClientAuth() : ClientAuth.NONE;
        Duration handshakeTimeout = ssl.getHandshakeTimeout() != null ? ssl.getHandshakeTimeout()
                : TlsConfig.DEFAULT_HANDSHAKE_TIMEOUT;
        SslBundle bundle;
        try {
            bundle = bundles.getBundle(bundleName);
        }
        catch (NoSuchSslBundleException ex) {
            throw invalid(name, "ssl.bundle '" + bundleName + "' does not exist (bundles: "
                    + bundles.getBundleNames() + ")", ex);
        }
        AtomicReference<TlsConfig> current = new AtomicReference<>(
                config(name, bundleName, bundle, clientAuth, handshakeTimeout));
        bundles.addBundleUpdateHandler(bundleName, updated -> {
            try {
                current.set(config(name, bundleName, updated, clientAuth, handshakeTimeout));
                log.info("untwisted server '{}': SSL bundle '{}' reloaded", name, bundleName);
            }
            catch (RuntimeException ex) {
                log.error("untwisted server '{}': SSL bundle '{}' was reloaded but cannot be used; "
                        + "keeping the previous one", name, bundleName, ex);
            }
        });
        return new ServerTls(bundleName, clientAuth, current::get);
    }

    private static TlsConfig config(String name, String bundleName, SslBundle bundle, ClientAuth clientAuth,
            Duration handshakeTimeout) {
        try {
            TlsConfig.Builder builder = TlsConfig.builder(bundle.createSslContext())
                    .clientAuth(clientAuth)
                    .handshakeTimeout(handshakeTimeout);
            SslOptions options = bundle.getOptions();
            if (options.getEnabledProtocols() != null) {
                builder.protocols(options.getEnabledProtocols());
            }
            if (options.getCiphers() != null) {
                builder.cipherSuites(options.getCiphers());
            }
            return builder.build();
        }
        catch (RuntimeException ex) {
            throw invalid(name, "ssl.bundle '" + bundleName + "' cannot be used: " + ex.getMessage(), ex);
        }
    }

    private static IllegalStateException invalid(String name, String problem) {
        return new IllegalStateException("untwisted server '" + name + "': " + problem);
    }

    private static IllegalStateException invalid(String name, String problem, Throwable cause) {
        return new IllegalStateException("untwisted server '" + name + "': " + problem, cause);
    }
}
