package io.untwisted.net.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Makes {@link SSLContext}s from key stores with nothing but the JDK: PKCS#12 ({@code .p12}, what
 * {@code keytool} makes by default) or JKS files, whose type is detected. Frameworks with their
 * own key material (Spring Boot's SSL bundles) hand their {@code SSLContext} to
 * {@link TlsConfig} directly instead.
 *
 * <p>Every method is safe from any thread; it reads the files on the calling thread.
 */
public final class TlsContexts {

    private TlsContexts() {
    }

    /**
     * A server context presenting the key and certificate chain in {@code keyStore} (the key's
     * password is the store's), trusting the JDK's default CAs for client certificates.
     *
     * @throws IOException when the file cannot be read
     * @throws GeneralSecurityException when it is not a key store, or the password is wrong
     */
    public static SSLContext server(Path keyStore, char[] password) throws IOException, GeneralSecurityException {
        return of(load(keyStore, password), password, null);
    }

    /**
     * A client context trusting exactly the certificates in {@code trustStore}.
     *
     * @throws IOException when the file cannot be read
     * @throws GeneralSecurityException when it is not a key store, or the password is wrong
     */
    public static SSLContext client(Path trustStore, char[] password) throws IOException, GeneralSecurityException {
        return of(null, null, load(trustStore, password));
    }

    /**
     * A context presenting the key in {@code keyStore} (null for none) and trusting the
     * certificates in {@code trustStore} (null for the JDK's default CAs).
     *
     * @throws GeneralSecurityException when a key cannot be recovered with {@code keyPassword}
     */
    public static SSLContext of(KeyStore keyStore, char[] keyPassword, KeyStore trustStore)
            throws GeneralSecurityException {
        KeyManager[] keyManagers = null;
        if (keyStore != null) {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, keyPassword);
            keyManagers = keys.getKeyManagers();
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
        TrustManager[] trustManagers = trust.getTrustManagers();
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, trustManagers, null);
        return context;
    }

    /**
     * Loads the key store at {@code file}, PKCS#12 or JKS.
     *
     * @throws IOException when the file cannot be read
     * @throws GeneralSecurityException when it is not a key store, or the password is wrong
     */
    public static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        return KeyStore.getInstance(file.toFile(), password);
    }
}
