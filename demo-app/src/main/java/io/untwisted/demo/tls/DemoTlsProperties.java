package io.untwisted.demo.tls;

import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code demo.tls.*}: the certificate that the TLS echo server gets when its SSL bundle
 * ({@value DemoTlsConfiguration#BUNDLE}) is not configured. When {@code spring.ssl.bundle.jks.demo-tls}
 * or {@code spring.ssl.bundle.pem.demo-tls} is set, that bundle is used as it is, and nothing here
 * applies.
 *
 * @param keystore  where the self-signed certificate and its key are kept (PKCS#12). It is made at
 *                  the first start and reused afterwards. The default is
 *                  {@code <java.io.tmpdir>/untwisted-demo/tls-echo.p12}.
 * @param password  the password of that keystore and its key
 * @param hostNames the names and IP addresses the certificate is valid for
 * @param validDays how long a certificate made here is valid
 */
@ConfigurationProperties("demo.tls")
public record DemoTlsProperties(
        @Nullable Path keystore,
        @DefaultValue("untwisted-demo") String password,
        @DefaultValue({"localhost", "127.0.0.1", "::1"}) List<String> hostNames,
        @DefaultValue("365") int validDays) {

    /** The keystore file: {@link #keystore()}, or the default under {@code java.io.tmpdir}. */
    public Path keystoreFile() {
        return this.keystore != null ? this.keystore
                : Path.of(System.getProperty("java.io.tmpdir"), "untwisted-demo", "tls-echo.p12");
    }
}
