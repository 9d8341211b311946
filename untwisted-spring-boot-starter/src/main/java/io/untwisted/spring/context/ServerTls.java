package io.untwisted.spring.context;

import java.util.Objects;
import java.util.function.Supplier;

import io.untwisted.net.tls.ClientAuth;
import io.untwisted.net.tls.TlsConfig;

/**
 * How a server speaks TLS: the SSL bundle it was configured with, and the {@link TlsConfig} made
 * from it. Every accepted connection gets an engine from {@code config.get()}, so a bundle that
 * Spring Boot reloads (its files changed) applies to the connections accepted afterwards.
 *
 * @param bundle     the name of the Spring Boot SSL bundle
 * @param clientAuth whether clients present certificates
 * @param config     the current TLS configuration; safe to call from any thread
 */
public record ServerTls(String bundle, ClientAuth clientAuth, Supplier<TlsConfig> config) {

    /** Checks the values. */
    public ServerTls {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(clientAuth, "clientAuth");
        Objects.requireNonNull(config, "config");
    }
}
