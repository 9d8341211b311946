package io.untwisted.spring.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed EC certificates made by the running JDK's {@code keytool} in a directory the test
 * owns (nothing is committed), as PKCS#12 files, PEM files and {@link SSLContext}s.
 */
public final class TestKeyStores {

    /** The password of every store made here. */
    public static final String PASSWORD = "changeit";

    private final Path keyStore;
    private final String alias;
    private final KeyStore loaded;

    private TestKeyStores(Path keyStore, String alias, KeyStore loaded) {
        this.keyStore = keyStore;
        this.alias = alias;
        this.loaded = loaded;
    }

    /** Makes {@code dir/alias.p12} with a key and a certificate for {@code commonName} and {@code san} (may be null). */
    public static TestKeyStores create(Path dir, String alias, String commonName, String san) throws Exception {
        Path file = dir.resolve(alias + ".p12");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-noprompt", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + commonName, "-validity", "2", "-keystore", file.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD));
        if (san != null) {
            command.add("-ext");
            command.add("SAN=" + san);
        }
        Path log = dir.resolve(alias + ".keytool.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + Files.readString(log));
            }
        }
        finally {
            process.destroyForcibly();
        }
        return new TestKeyStores(file, alias, KeyStore.getInstance(file.toFile(), PASSWORD.toCharArray()));
    }

    /** The PKCS#12 file. */
    public Path keyStore() {
        return this.keyStore;
    }

    /** Writes the certificate as PEM. */
    public Path writeCertificatePem(Path file) throws Exception {
        return pem(file, "CERTIFICATE", this.loaded.getCertificate(this.alias).getEncoded());
    }

    /** Writes the private key as unencrypted PKCS#8 PEM. */
    public Path writeKeyPem(Path file) throws Exception {
        return pem(file, "PRIVATE KEY", this.loaded.getKey(this.alias, PASSWORD.toCharArray()).getEncoded());
    }

    /** A client context that presents {@code identity} (may be null) and trusts {@code trusted}'s certificate. */
    public static SSLContext clientContext(TestKeyStores identity, TestKeyStores trusted) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(trusted.alias, trusted.loaded.getCertificate(trusted.alias));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = null;
        if (identity != null) {
            keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(identity.loaded, PASSWORD.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    private static Path pem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
        return file;
    }
}
