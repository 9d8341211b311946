package io.untwisted.net.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.untwisted.event.Events;
import io.untwisted.net.CloseReason;
import io.untwisted.testing.EmbeddedSuperSocket;
import io.untwisted.testing.RecordedEvent;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Row F7 of the reliability matrix for the TLS inbound path (Netty #2562, CVE-2025-24970): the
 * fuzzer's bytes, in the chunking it picks, reach a server-side {@link TlsTransport} as if a
 * client had sent them (a ClientHello, records, garbage), then the end of the stream. Nothing may
 * escape but a close whose cause is an {@link IOException} (an {@code SSLException}, a
 * truncation): no runtime exception out of the read path, no handler failure, no undeclared
 * close; a loop that does not end is reported by the fuzzer as a timeout.
 *
 * <p>Regression mode replays {@code src/test/resources/io/untwisted/net/tls/TlsInboundFuzzTestInputs/}
 * (a real TLS 1.3 ClientHello among them); docs/fuzzing.md says how to fuzz.
 */
// Fuzzing mode runs one target for its maxDuration of 60 s inside a single invocation.
@Tag("fuzz")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TlsInboundFuzzTest {

    private static Path directory;
    private static TlsConfig config;

    @BeforeAll
    static void makeServerIdentity() throws Exception {
        directory = Files.createTempDirectory("untwisted-tls-fuzz");
        TestPki server = TestPki.create(directory, "server", "localhost", "dns:localhost");
        SSLContext context = TestPki.context(server);
        config = TlsConfig.of(context);
    }

    @AfterAll
    static void removeServerIdentity() throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @FuzzTest(maxDuration = "60s")
    void serverReadsWhateverAClientSends(FuzzedDataProvider data) {
        List<byte[]> chunks = chunks(data);
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket(config::serverTransport)) {
            peer.record(Events.ERROR, Events.CLOSE, TlsEvents.SSL_ACCEPT, TlsEvents.SSL_ACCEPT_ERR, Events.LOAD);
            for (byte[] chunk : chunks) {
                peer.feed(chunk);
            }
            peer.feedEnd();

            assertThat(peer.events(Events.ERROR)).as("failures that escaped").isEmpty();
            assertThat(peer.events(Events.LOAD)).as("plaintext without a handshake").isEmpty();
            assertThat(peer.events(TlsEvents.SSL_ACCEPT)).as("a handshake no client finished").isEmpty();
            List<RecordedEvent> closes = peer.events(Events.CLOSE);
            assertThat(closes).as("closed once at the end of the stream").hasSize(1);
            Object cause = closes.get(0).arg(1);
            if (cause != null) {
                assertThat(cause).as("close cause").isInstanceOf(IOException.class);
            }
            else {
                assertThat(closes.get(0).<CloseReason>arg(0)).isNotEqualTo(CloseReason.ERROR);
            }
        }
    }

    /** The fuzzer's bytes as reads of 1 to 512 bytes, their sizes taken from the input too. */
    private static List<byte[]> chunks(FuzzedDataProvider data) {
        List<byte[]> chunks = new ArrayList<>();
        while (data.remainingBytes() > 0) {
            byte[] chunk = data.consumeBytes(data.consumeInt(1, 512));
            if (chunk.length == 0) {
                break;
            }
            chunks.add(chunk);
        }
        return chunks;
    }
}
