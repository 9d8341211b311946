package io.untwisted.net.tls;

import java.time.Duration;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import io.untwisted.testsupport.IdleTransport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TlsConfigTest {

    @Test
    void shouldDefaultToTls13And12HostNameChecksNoClientAuthAndTenSeconds() throws Exception {
        TlsConfig config = TlsConfig.of(SSLContext.getDefault());

        assertThat(config.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(config.cipherSuites()).isEmpty();
        assertThat(config.clientAuth()).isEqualTo(ClientAuth.NONE);
        assertThat(config.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.endpointIdentification()).isEqualTo("HTTPS");
    }

    @Test
    void shouldConfigureClientEnginesForHostNameVerificationAndSni() throws Exception {
        TlsConfig config = TlsConfig.of(SSLContext.getDefault());

        SSLEngine byName = engine(config.clientTransport(new IdleTransport(), "example.org", 443));
        SSLEngine byAddress = engine(config.clientTransport(new IdleTransport(), "192.0.2.1", 443));

        assertThat(byName.getUseClientMode()).isTrue();
        assertThat(byName.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(byName.getSSLParameters().getServerNames()).containsExactly(new SNIHostName("example.org"));
        assertThat(byName.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        assertThat(byAddress.getSSLParameters().getServerNames()).isNullOrEmpty();
    }

    @Test
    void shouldConfigureServerEnginesForClientAuth() throws Exception {
        SSLContext context = SSLContext.getDefault();

        SSLEngine need = engine(TlsConfig.builder(context).clientAuth(ClientAuth.NEED).build()
                .serverTransport(new IdleTransport()));
        SSLEngine want = engine(TlsConfig.builder(context).clientAuth(ClientAuth.WANT).build()
                .serverTransport(new IdleTransport()));
        SSLEngine none = engine(TlsConfig.of(context).serverTransport(new IdleTransport()));

        assertThat(need.getUseClientMode()).isFalse();
        assertThat(need.getNeedClientAuth()).isTrue();
        assertThat(want.getWantClientAuth()).isTrue();
        assertThat(none.getNeedClientAuth() || none.getWantClientAuth()).isFalse();
    }

    @Test
    void shouldRejectWhatTheContextCannotDo() throws Exception {
        SSLContext context = SSLContext.getDefault();

        assertThatIllegalArgumentException().isThrownBy(() -> TlsConfig.builder(context).protocols("TLSv9").build())
                .withMessageContaining("TLSv9");
        assertThatIllegalArgumentException().isThrownBy(() -> TlsConfig.builder(context).cipherSuites("NOPE").build());
        assertThatIllegalArgumentException().isThrownBy(() -> TlsConfig.builder(context).handshakeTimeout(Duration.ZERO));
    }

    @Test
    void shouldTellIpAddressesFromHostNames() {
        assertThat(List.of("127.0.0.1", "::1", "fe80::1%eth0", "10.0.0.254")).allMatch(TlsConfig::isIpAddress);
        assertThat(List.of("localhost", "example.org", "1.example", "host-1")).noneMatch(TlsConfig::isIpAddress);
    }

    private static SSLEngine engine(TlsTransport transport) {
        return transport.engine();
    }
}
