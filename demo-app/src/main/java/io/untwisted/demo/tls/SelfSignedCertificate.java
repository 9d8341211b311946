package io.untwisted.demo.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a self-signed EC certificate and its key in a PKCS#12 keystore with the {@code keytool}
 * of the running JDK, run as a child process (bounded to {@link #TIMEOUT}, killed past it).
 *
 * <p>Why keytool: it ships with every JDK, so the demo needs no extra library (BouncyCastle's
 * bcpkix would be one more dependency for one self-signed certificate) and no JDK-internal
 * {@code sun.security.x509} classes (encapsulated, and they change between releases). A runtime
 * without keytool (a jlink image) gets a clear error that says to configure a bundle instead.
 *
 * <p>For the demo only: nobody trusts the certificate until you tell them to. Safe from any
 * thread. Two processes that make the same file at once both succeed, and the file renamed last
 * wins.
 */
final class SelfSignedCertificate {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    static final String ALIAS = "tls-echo";

    private static final Logger log = LoggerFactory.getLogger(SelfSignedCertificate.class);

    private SelfSignedCertificate() {
    }

    /**
     * Makes {@code keystore} unless it exists.
     *
     * @return whether it was made now
     * @throws IllegalStateException when keytool is missing, fails or takes too long
     */
    static boolean ensure(Path keystore, String password, List<String> hostNames, int validDays) {
        if (Files.exists(keystore)) {
            return false;
        }
        try {
            Path dir = keystore.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path partial = Files.createTempFile(dir, ".tls-echo", ".p12.partial");
            try {
                Files.delete(partial);
                keytool(partial, password, hostNames, validDays);
                restrictToOwner(partial);
                // atomic: a reader sees no file or a whole one, never a partial one
                Files.move(partial, keystore, StandardCopyOption.ATOMIC_MOVE);
            }
            finally {
                Files.deleteIfExists(partial);
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot make a self-signed certificate at " + keystore + ": " + ex, ex);
        }
        log.info("Made a self-signed certificate for {} at {} (demo only; configure spring.ssl.bundle.* for a real one)",
                hostNames, keystore);
        return true;
    }

    private static void keytool(Path file, String password, List<String> hostNames, int validDays) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new IllegalStateException("this Java runtime has no keytool (" + keytool + ") to make the demo's "
                    + "certificate; configure an SSL bundle instead (spring.ssl.bundle.jks.demo-tls.*)");
        }
        String san = hostNames.stream()
                .map(name -> (isIpAddress(name) ? "ip:" : "dns:") + name)
                .collect(Collectors.joining(","));
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-noprompt",
                "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=" + hostNames.get(0) + ", O=untwisted demo", "-ext", "SAN=" + san,
                "-validity", Integer.toString(validDays),
                "-keystore", file.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
        Path output = Files.createTempFile("untwisted-keytool", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("keytool did not finish within " + TIMEOUT);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed with exit code " + process.exitValue() + ": "
                        + Files.readString(output).strip());
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while keytool made the demo's certificate", ex);
        }
        finally {
            process.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        catch (UnsupportedOperationException ex) {
            // not a POSIX file system (Windows): the user's profile directory protects it instead
            log.debug("cannot restrict the permissions of {} on this file system", file, ex);
        }
    }

    static boolean isIpAddress(String name) {
        return name.indexOf(':') >= 0 || name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
