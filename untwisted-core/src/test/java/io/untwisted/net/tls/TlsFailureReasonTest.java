package io.untwisted.net.tls;

import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import io.untwisted.testsupport.IdleTransport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** How a failed handshake is classified, and what of the peer's bytes is kept for the log. */
@Timeout(10)
class TlsFailureReasonTest {

    @Test
    void shouldClassifyByWhatTheHandshakeDidNotByThePeersWords() throws IOException {
        PeerBytes tls = peerSent(new byte[] {22, 3, 1, 0, 5, 1});
        PeerBytes http = peerSent("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        PeerBytes nothing = peerSent(new byte[0]);

        assertThat(TlsFailureReason.classify(new TlsHandshakeTimeoutException(Duration.ofMillis(500)), nothing))
                .isEqualTo(TlsFailureReason.TIMEOUT);
        assertThat(TlsFailureReason.classify(new SSLException("Unrecognized SSL message"), http))
                .isEqualTo(TlsFailureReason.NOT_TLS);
        assertThat(TlsFailureReason.classify(new SSLHandshakeException("no cipher suites in common"), tls))
                .isEqualTo(TlsFailureReason.PROTOCOL);
        assertThat(TlsFailureReason.classify(
                new SSLHandshakeException("PKIX").initCause(new CertificateException("untrusted")), tls))
                .isEqualTo(TlsFailureReason.CERTIFICATE);
        assertThat(TlsFailureReason.classify(new SSLHandshakeException("Received fatal alert: certificate_unknown"),
                tls)).isEqualTo(TlsFailureReason.CERTIFICATE);
        assertThat(TlsFailureReason.classify(new SocketException("Connection reset"), tls))
                .isEqualTo(TlsFailureReason.CLOSED);
        assertThat(TlsFailureReason.classify(new SSLHandshakeException("the peer closed the connection"),
                peerSent(new byte[] {22, 3, 1}, true))).isEqualTo(TlsFailureReason.CLOSED);
        assertThat(TlsFailureReason.classify(null, nothing)).isEqualTo(TlsFailureReason.CLOSED);
        assertThat(TlsFailureReason.classify(new IllegalStateException("bug"), tls)).isEqualTo(TlsFailureReason.OTHER);
        assertThat(TlsFailureReason.values()).extracting(TlsFailureReason::tagValue)
                .containsExactly("timeout", "not_tls", "certificate", "closed", "protocol", "other");
    }

    @Test
    void shouldKeepTheFirst64BytesEscapedAndTellTlsFromTheRest() throws IOException {
        byte[] sent = new byte[100];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = (byte) ('a' + i % 26);
        }
        sent[0] = '\r';
        sent[1] = '\n';
        sent[2] = '\\';
        PeerBytes peer = peerSent(sent);

        assertThat(peer.count()).isEqualTo(PeerBytes.LIMIT);
        assertThat(peer.escaped()).startsWith("\\x0d\\x0a\\x5cdefg").hasSize(3 * 4 + 61).doesNotContain("\n");
        assertThat(peer.looksLikeTls()).isFalse();
        assertThat(peerSent(new byte[] {(byte) 0x80, 0x2e, 1}).looksLikeTls()).isFalse();
        assertThat(peerSent(new byte[] {22}).looksLikeTls()).isTrue();
        assertThat(peerSent(new byte[] {21, 3, 3, 0, 2, 2, 40}).looksLikeTls()).isTrue();
        assertThat(peerSent(new byte[] {22, 2}).looksLikeTls()).isFalse();
    }

    private static PeerBytes peerSent(byte[] bytes) throws IOException {
        return peerSent(bytes, false);
    }

    /** Bytes as a {@link PeerBytes} saw them arrive, 37 at a time, then the end of the stream if {@code fin}. */
    private static PeerBytes peerSent(byte[] bytes, boolean fin) throws IOException {
        ByteBuffer pending = ByteBuffer.wrap(bytes);
        PeerBytes peer = new PeerBytes(new IdleTransport() {
            @Override
            public int read(ByteBuffer destination) {
                if (!pending.hasRemaining()) {
                    return fin ? -1 : 0;
                }
                int count = Math.min(Math.min(pending.remaining(), destination.remaining()), 37);
                destination.put(pending.slice(pending.position(), count));
                pending.position(pending.position() + count);
                return count;
            }
        });
        ByteBuffer into = ByteBuffer.allocate(256);
        into.put((byte) 'x'); // the peer's bytes land after what the buffer already held
        while (peer.read(into) > 0) {
            // read all there is
        }
        return peer;
    }
}
