package io.untwisted.split;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import io.untwisted.event.Events;
import io.untwisted.net.CloseReason;
import io.untwisted.testing.EmbeddedSuperSocket;
import io.untwisted.testing.RecordedEvent;
import io.untwisted.testsupport.Chunks;
import io.untwisted.testsupport.Property;

import org.junit.jupiter.api.Test;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LengthPrefixedTest {

    private static final String OVERFLOW = "<overflow>";
    private static final int[] HEADERS = {1, 2, 4};

    @Test
    void anyChunkingGivesTheFramesAndOverflowsOfTheModel() {
        Property.forAll(400, random -> {
            int header = HEADERS[random.nextInt(HEADERS.length)];
            int max = 1 + random.nextInt(40);
            OverflowAction action = random.nextBoolean() ? OverflowAction.CLOSE : OverflowAction.DISCARD;
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            List<String> expected = new ArrayList<>();
            boolean stopped = false;
            for (int i = random.nextInt(12); i > 0; i--) {
                byte[] payload = Chunks.bytes(random, random.nextInt(max + 10));
                byte[] framed = LengthPrefixed.encode(header, payload);
                stream.write(framed, 0, framed.length);
                if (stopped) {
                    continue;
                }
                if (payload.length > max) {
                    expected.add(OVERFLOW);
                    stopped = action == OverflowAction.CLOSE;
                }
                else {
                    expected.add(new String(payload, ISO_8859_1));
                }
            }
            byte[] tail = Chunks.bytes(random, random.nextInt(header));
            stream.write(tail, 0, tail.length);

            try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
                LengthPrefixed splitter = LengthPrefixed.install(peer.socket(), header, max, action);
                peer.record(LengthPrefixed.FOUND, Events.OVERFLOW);
                for (byte[] chunk : Chunks.cut(random, stream.toByteArray())) {
                    peer.feed(chunk);
                    assertThat(splitter.buffered()).isLessThanOrEqualTo(max + header);
                }
                assertThat(driven(peer)).isEqualTo(expected);
                assertThat(peer.isClosed()).isEqualTo(stopped);
            }
        });
    }

    @Test
    void anOversizedHeaderIsRejectedBeforeAnyOfItsFrameArrives() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            LengthPrefixed.install(peer.socket(), 4, 1024);
            peer.socket().on(Events.OVERFLOW, e -> peer.socket().dump("too big\n"));
            peer.record(Events.OVERFLOW, Events.CLOSE);

            peer.feed(new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});

            FrameTooLongException cause = peer.events(Events.OVERFLOW).get(0).arg(0);
            assertThat(cause.length()).isEqualTo(0x7FFFFFFFL);
            assertThat(peer.readOutboundString()).isEqualTo("too big\n");
            RecordedEvent close = peer.events(Events.CLOSE).get(0);
            assertThat(close.<CloseReason>arg(0)).isEqualTo(CloseReason.ERROR);
            assertThat(close.<Throwable>arg(1)).isSameAs(cause);
        }
    }

    @Test
    void discardSkipsTheAnnouncedBytesAndResyncs() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            LengthPrefixed.install(peer.socket(), 2, 3, OverflowAction.DISCARD);
            peer.record(LengthPrefixed.FOUND, Events.OVERFLOW);

            peer.feed(LengthPrefixed.encode(2, "abcdefgh".getBytes(ISO_8859_1)));
            peer.feed(LengthPrefixed.encode(2, "ok".getBytes(ISO_8859_1)));
            peer.feed(LengthPrefixed.encode(2, new byte[0]));

            assertThat(driven(peer)).containsExactly(OVERFLOW, "ok", "");
            assertThat(peer.isClosed()).isFalse();
        }
    }

    @Test
    void encodeRefusesWhatTheHeaderCannotHold() {
        assertThat(LengthPrefixed.encode(1, new byte[] {9})).containsExactly(1, 9);
        assertThat(LengthPrefixed.encode(2, new byte[300])).startsWith(1, 44);
        assertThatIllegalArgumentException().isThrownBy(() -> LengthPrefixed.encode(1, new byte[256]))
                .withMessageContaining("cannot announce 256 bytes");
        assertThatIllegalArgumentException().isThrownBy(() -> LengthPrefixed.encode(3, new byte[1]))
                .withMessage("headerLength must be 1, 2 or 4: 3");
    }

    @Test
    void uninstallHandsBackTheHeaderAndPartialFrame() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            LengthPrefixed splitter = LengthPrefixed.install(peer.socket(), 2, 100);
            peer.feed(new byte[] {0, 5, 'a', 'b'});

            assertThat(splitter.uninstall()).containsExactly(0, 5, 'a', 'b');
        }
    }

    private static List<String> driven(EmbeddedSuperSocket peer) {
        List<String> driven = new ArrayList<>();
        for (RecordedEvent event : peer.recorder().events()) {
            driven.add(event.key().equals(Events.OVERFLOW) ? OVERFLOW : new String(event.<byte[]>arg(0), ISO_8859_1));
        }
        return driven;
    }
}
