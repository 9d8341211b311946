package io.untwisted.split;

import java.util.List;
import java.util.function.Function;

import io.untwisted.event.Dispatcher;
import io.untwisted.testing.EmbeddedSuperSocket;
import io.untwisted.testsupport.Chunks;
import io.untwisted.testsupport.Property;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Row F2 of the reliability matrix (Netty's {@code testFailFastTooLongFrameRecovery} and
 * {@code testFailSlowTooLongFrameRecovery}): an oversized frame followed by a valid one, under
 * each {@link OverflowAction}, whatever the chunking.
 */
@Timeout(60)
class OverflowPolicyTest {

    private static final int MAX = 8;

    @Test
    void terminatorDiscardDeliversTheNextFrameAfterExactlyOneOverflow() {
        byte[] stream = "first\r\nmuch too long for eight bytes\r\nvalid\r\n".getBytes(ISO_8859_1);

        assertForAnyChunking(stream, s -> Terminator.install(s, "\r\n", MAX, OverflowAction.DISCARD),
                List.of("first", SplitterRun.OVERFLOW, "valid"), false);
    }

    @Test
    void terminatorCloseDeliversNothingAfterTheOverflow() {
        byte[] stream = "first\r\nmuch too long for eight bytes\r\nvalid\r\n".getBytes(ISO_8859_1);

        assertForAnyChunking(stream, s -> Terminator.install(s, "\r\n", MAX, OverflowAction.CLOSE),
                List.of("first", SplitterRun.OVERFLOW), true);
    }

    @Test
    void lengthPrefixedDiscardSkipsTheAnnouncedBytesAndDeliversTheNextFrame() {
        byte[] stream = SplitterRun.concat(LengthPrefixed.encode(2, "first".getBytes(ISO_8859_1)),
                LengthPrefixed.encode(2, "much too long for eight bytes".getBytes(ISO_8859_1)),
                LengthPrefixed.encode(2, "valid".getBytes(ISO_8859_1)));

        assertForAnyChunking(stream, s -> LengthPrefixed.install(s, 2, MAX, OverflowAction.DISCARD),
                List.of("first", SplitterRun.OVERFLOW, "valid"), false);
    }

    @Test
    void lengthPrefixedCloseDeliversNothingAfterTheOverflow() {
        byte[] stream = SplitterRun.concat(LengthPrefixed.encode(2, "first".getBytes(ISO_8859_1)),
                LengthPrefixed.encode(2, "much too long for eight bytes".getBytes(ISO_8859_1)),
                LengthPrefixed.encode(2, "valid".getBytes(ISO_8859_1)));

        assertForAnyChunking(stream, s -> LengthPrefixed.install(s, 2, MAX, OverflowAction.CLOSE),
                List.of("first", SplitterRun.OVERFLOW), true);
    }

    private static void assertForAnyChunking(byte[] stream, Function<Dispatcher, Splitter> install,
            List<String> expected, boolean closes) {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            install.apply(peer.socket());
            peer.feed(stream);
            assertThat(peer.isClosed()).as("closed after the oversized frame").isEqualTo(closes);
        }
        Property.forAll(200, random -> assertThat(SplitterRun.run(install, Chunks.cut(random, stream), MAX + 2, MAX))
                .isEqualTo(expected));
        List<byte[]> single = new java.util.ArrayList<>();
        for (byte b : stream) {
            single.add(new byte[] {b});
        }
        assertThat(SplitterRun.run(install, single, MAX + 2, MAX)).as("one byte a read").isEqualTo(expected);
    }
}
