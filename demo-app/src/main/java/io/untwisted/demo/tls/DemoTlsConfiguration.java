package io.untwisted.demo.tls;

import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.jks.JksSslStoreBundle;
import org.springframework.boot.ssl.jks.JksSslStoreDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The SSL bundle of the TLS echo server: the one configured under
 * {@code spring.ssl.bundle.(jks|pem).demo-tls} when there is one, otherwise a self-signed
 * certificate that the app makes at its first start ({@link SelfSignedCertificate}) and keeps in
 * {@code demo.tls.keystore}. Registered with Boot's SSL bundle registry like any other bundle, so
 * the starter serves {@code untwisted.servers.tls-echo.ssl.bundle=demo-tls} the way Boot's own
 * servers serve {@code server.ssl.bundle}.
 */
@Configuration(proxyBeanMethods = false)
class DemoTlsConfiguration {

    /** The name of the TLS echo server's SSL bundle, as {@code untwisted.servers.tls-echo.ssl.bundle} says. */
    static final String BUNDLE = "demo-tls";

    @Bean
    SslBundleRegistrar demoTlsBundle(DemoTlsProperties properties, Environment environment) {
        return registry -> {
            if (configured(environment, BUNDLE)) {
                return;
            }
            SelfSignedCertificate.ensure(properties.keystoreFile(), properties.password(), properties.hostNames(),
                    properties.validDays());
            JksSslStoreDetails keystore = new JksSslStoreDetails("PKCS12", null,
                    properties.keystoreFile().toUri().toString(), properties.password());
            registry.registerBundle(BUNDLE, SslBundle.of(new JksSslStoreBundle(keystore, null),
                    SslBundleKey.of(properties.password(), SelfSignedCertificate.ALIAS)));
        };
    }

    /** Whether Boot's properties already define the bundle (Boot registers it itself then). */
    private static boolean configured(Environment environment, String bundle) {
        Binder binder = Binder.get(environment);
        return binder.bind("spring.ssl.bundle.jks." + bundle, Bindable.mapOf(String.class, Object.class)).isBound()
                || binder.bind("spring.ssl.bundle.pem." + bundle, Bindable.mapOf(String.class, Object.class)).isBound();
    }
}
