package io.untwisted.demo.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificateTest {

    @Test
    void makesAKeystoreOnceForTheGivenNamesAndOnlyItsOwnerCanReadIt(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("certs").resolve("tls-echo.p12");

        assertThat(SelfSignedCertificate.ensure(keystore, "secret", List.of("localhost", "127.0.0.1"), 30)).isTrue();
        byte[] made = Files.readAllBytes(keystore);
        assertThat(SelfSignedCertificate.ensure(keystore, "secret", List.of("localhost"), 30)).isFalse();

        assertThat(Files.readAllBytes(keystore)).isEqualTo(made);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keystore))).isEqualTo("rw-------");
        assertThat(Files.list(keystore.getParent())).containsExactly(keystore);
        KeyStore store = KeyStore.getInstance(keystore.toFile(), "secret".toCharArray());
        assertThat(store.getKey(SelfSignedCertificate.ALIAS, "secret".toCharArray())).isNotNull();
        X509Certificate certificate = (X509Certificate) store.getCertificate(SelfSignedCertificate.ALIAS);
        assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=localhost");
        assertThat(certificate.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))))
                .containsExactlyInAnyOrder("localhost", "127.0.0.1");
    }
}
