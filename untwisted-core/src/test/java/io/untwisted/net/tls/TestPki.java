package io.untwisted.net.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed EC certificate and its key, made by the running JDK's {@code keytool} in a
 * directory the test owns, plus the {@link SSLContext}s tests need. Nothing is committed.
 */
final class TestPki {

    static final String PASSWORD = "changeit";

    private final String alias;
    private final Path keyStoreFile;
    private final KeyStore keyStore;

    private TestPki(String alias, Path keyStoreFile, KeyStore keyStore) {
        this.alias = alias;
        this.keyStoreFile = keyStoreFile;
        this.keyStore = keyStore;
    }

    /**
     * Makes a key pair and a self-signed certificate for {@code commonName} with the subject
     * alternative names {@code san} (keytool syntax, e.g. {@code dns:localhost,ip:127.0.0.1}).
     */
    static TestPki create(Path dir, String alias, String commonName, String san) throws Exception {
        Path file = dir.resolve(alias + ".p12");
        List<String> command = new ArrayList<>(List.of(keytool(), "-genkeypair", "-noprompt",
                "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=" + commonName, "-validity", "2",
                "-keystore", file.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD));
        if (san != null) {
            command.add("-ext");
            command.add("SAN=" + san);
        }
        Path log = dir.resolve(alias + ".keytool.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("keytool did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + Files.readString(log));
            }
        }
        finally {
            process.destroyForcibly();
        }
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keyStore.load(in, PASSWORD.toCharArray());
        }
        return new TestPki(alias, file, keyStore);
    }

    /** The keytool of the JDK running the tests. */
    static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    Path keyStoreFile() {
        return this.keyStoreFile;
    }

    X509Certificate certificate() throws Exception {
        return (X509Certificate) this.keyStore.getCertificate(this.alias);
    }

    PrivateKey privateKey() throws Exception {
        return (PrivateKey) this.keyStore.getKey(this.alias, PASSWORD.toCharArray());
    }

    KeyManager[] keyManagers() throws Exception {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(this.keyStore, PASSWORD.toCharArray());
        return factory.getKeyManagers();
    }

    /** An SSLContext that presents {@code identity} (may be null) and trusts exactly {@code trusted}. */
    static SSLContext context(TestPki identity, TestPki... trusted) throws Exception {
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        for (TestPki pki : trusted) {
            trustStore.setCertificateEntry(pki.alias, pki.certificate());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
        TrustManager[] trustManagers = trust.getTrustManagers();
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(identity == null ? null : identity.keyManagers(), trustManagers, null);
        return context;
    }

    /** Writes the certificate as PEM to {@code file}. */
    Path writeCertificatePem(Path file) throws Exception {
        return writePem(file, "CERTIFICATE", certificate().getEncoded());
    }

    /** Writes the private key as unencrypted PKCS#8 PEM to {@code file}. */
    Path writeKeyPem(Path file) throws Exception {
        return writePem(file, "PRIVATE KEY", privateKey().getEncoded());
    }

    private static Path writePem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
        return file;
    }
}
