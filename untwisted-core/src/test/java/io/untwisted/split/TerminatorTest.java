package io.untwisted.split;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.untwisted.event.Events;
import io.untwisted.net.CloseReason;
import io.untwisted.testing.EmbeddedSuperSocket;
import io.untwisted.testing.RecordedEvent;
import io.untwisted.testsupport.Chunks;
import io.untwisted.testsupport.Property;

import org.junit.jupiter.api.Test;

import static io.untwisted.split.SplitterRun.OVERFLOW;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TerminatorTest {

    private static final String[] DELIMITERS = {"\r\n", "\n", "\r\n\r\n", "aba", "xx"};
    private static final byte[] ALPHABET = "abx\r\n".getBytes(ISO_8859_1);

    @Test
    void anyChunkingOfAnyStreamGivesTheFramesAndOverflowsOfTheModel() {
        Property.forAll(400, random -> {
            String delimiter = DELIMITERS[random.nextInt(DELIMITERS.length)];
            int max = 1 + random.nextInt(24);
            OverflowAction action = random.nextBoolean() ? OverflowAction.CLOSE : OverflowAction.DISCARD;
            byte[] stream = Chunks.bytes(random, random.nextInt(240), ALPHABET);
            List<byte[]> chunks = Chunks.cut(random, stream);

            try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
                Terminator terminator = Terminator.install(peer.socket(), delimiter, max, action);
                peer.record(Terminator.FOUND, Events.OVERFLOW);
                for (byte[] chunk : chunks) {
                    peer.feed(chunk);
                    assertThat(terminator.buffered())
                            .as("bytes held after a read").isLessThanOrEqualTo(max + delimiter.length() - 1);
                }
                assertThat(driven(peer)).as("delimiter %s, max %d, %s, stream %s", printable(delimiter), max, action,
                        printable(new String(stream, ISO_8859_1)))
                        .isEqualTo(SplitterModels.terminator(stream, delimiter.getBytes(ISO_8859_1), max, action, false));
                if (action == OverflowAction.CLOSE && driven(peer).contains(OVERFLOW)) {
                    assertThat(peer.isClosed()).isTrue();
                }
            }
        });
    }

    @Test
    void framesWithinTheLimitComeThroughWhateverTheirBytes() {
        Property.forAll(200, random -> {
            List<byte[]> frames = new ArrayList<>();
            ByteBuffer stream = ByteBuffer.allocate(64 * 1024);
            for (int i = random.nextInt(30); i > 0; i--) {
                byte[] frame = Chunks.bytes(random, random.nextInt(100), "ab\r\t\u00e9".getBytes(StandardCharsets.UTF_8));
                frames.add(frame);
                stream.put(frame).put((byte) '\r').put((byte) '\n');
            }
            stream.flip();
            byte[] bytes = new byte[stream.remaining()];
            stream.get(bytes);

            try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
                Terminator.install(peer.socket(), "\r\n", 100);
                peer.record(Terminator.FOUND);
                Chunks.cut(random, bytes).forEach(peer::feed);
                assertThat(peer.recorder().<byte[]>args(Terminator.FOUND, 0)).containsExactlyElementsOf(frames);
            }
        });
    }

    @Test
    void keepsATailSplitAcrossReads() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            Terminator.install(peer.socket());
            peer.record(Terminator.FOUND);

            peer.feed("hel").feed("lo\r").feed("\nwor").feed("ld\r\n");

            assertThat(lines(peer)).containsExactly("hello", "world");
        }
    }

    @Test
    void findsManyFramesInOneReadAndKeepsTheRest() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            Terminator terminator = Terminator.install(peer.socket());
            peer.record(Terminator.FOUND);

            peer.feed("a\r\n\r\nbc\r\nde");

            assertThat(lines(peer)).containsExactly("a", "", "bc");
            assertThat(terminator.buffered()).isEqualTo(2);
        }
    }

    @Test
    void acceptsAFrameOfExactlyTheMaximum() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            Terminator.install(peer.socket(), "\r\n", 4);
            peer.record(Terminator.FOUND, Events.OVERFLOW);

            peer.feed("ab").feed("cd\r").feed("\n");

            assertThat(lines(peer)).containsExactly("abcd");
            assertThat(peer.events(Events.OVERFLOW)).isEmpty();
        }
    }

    @Test
    void overflowLetsTheApplicationAnswerThenClosesTheConnectionWithTheCause() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            Terminator.install(peer.socket(), "\r\n", 4);
            peer.socket().on(Events.OVERFLOW, e -> peer.socket().dump("ERR line too long\r\n"));
            peer.record(Terminator.FOUND, Events.OVERFLOW, Events.CLOSE);

            peer.feed("ok\r\n").feed("toolong").feed("ignored\r\n");

            assertThat(lines(peer)).containsExactly("ok");
            FrameTooLongException cause = peer.events(Events.OVERFLOW).get(0).arg(0);
            assertThat(cause.maxFrameLength()).isEqualTo(4);
            assertThat(cause.length()).isGreaterThan(4);
            assertThat(cause).hasMessageContaining("maximum of 4 bytes");
            assertThat(peer.readOutboundString()).isEqualTo("ERR line too long\r\n");
            assertThat(peer.isClosed()).isTrue();
            assertThat(peer.isReset()).isFalse();
            RecordedEvent close = peer.events(Events.CLOSE).get(0);
            assertThat(close.<CloseReason>arg(0)).isEqualTo(CloseReason.ERROR);
            assertThat(close.<Throwable>arg(1)).isSameAs(cause);
        }
    }

    @Test
    void overflowIsReportedBeforeTheEndOfTheOversizedFrameArrives() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            Terminator terminator = Terminator.install(peer.socket(), "\r\n", 8);
            peer.record(Events.OVERFLOW);

            for (int i = 0; i < 100 && peer.events(Events.OVERFLOW).isEmpty(); i++) {
                peer.feed("x");
                assertThat(terminator.buffered()).isLessThanOrEqualTo(9);
            }

            assertThat(peer.events(Events.OVERFLOW)).hasSize(1);
            assertThat(peer.events(Events.OVERFLOW).get(0).<FrameTooLongException>arg(0).length()).isEqualTo(9);
        }
    }

    @Test
    void discardResyncsAtTheNextDelimiter() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            Terminator.install(peer.socket(), "\r\n", 4, OverflowAction.DISCARD);
            peer.record(Terminator.FOUND, Events.OVERFLOW);

            peer.feed("one\r\nmuch too long, and longer").feed(" still\r").feed("\ntwo\r\n");

            assertThat(lines(peer)).containsExactly("one", "two");
            assertThat(peer.events(Events.OVERFLOW)).hasSize(1);
            assertThat(peer.isClosed()).isFalse();
        }
    }

    @Test
    void uninstallHandsBackHeldBytesAndTheRestOfTheRead() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            Terminator terminator = Terminator.install(peer.socket());
            List<byte[]> handedBack = new ArrayList<>();
            peer.socket().on(Terminator.FOUND, e -> {
                if (new String(e.<byte[]>arg(0), ISO_8859_1).equals("STARTBINARY")) {
                    handedBack.add(terminator.uninstall());
                }
            });
            peer.record(Terminator.FOUND);

            peer.feed("line\r\nSTARTBINARY\r\n\u0001\u0002\r\nmore");
            peer.feed("after\r\n");

            assertThat(lines(peer)).containsExactly("line", "STARTBINARY");
            assertThat(new String(handedBack.get(0), ISO_8859_1)).isEqualTo("\u0001\u0002\r\nmore");
            assertThat(terminator.isActive()).isFalse();
        }
    }

    @Test
    void cannotBeFedFromItsOwnHandlers() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            Terminator terminator = Terminator.install(peer.socket());
            List<Throwable> failures = new ArrayList<>();
            peer.socket().on(Terminator.FOUND, e -> {
                try {
                    terminator.feed(ByteBuffer.wrap(new byte[] {'x'}));
                }
                catch (IllegalStateException ex) {
                    failures.add(ex);
                }
            });

            peer.feed("a\r\n");

            assertThat(failures).hasSize(1);
        }
    }

    @Test
    void checksItsArguments() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            assertThatIllegalArgumentException().isThrownBy(() -> Terminator.install(peer.socket(), "", 10))
                    .withMessageContaining("delimiter");
            assertThatIllegalArgumentException().isThrownBy(() -> Terminator.install(peer.socket(), "\n", 0))
                    .withMessageContaining("maxFrameLength must be > 0: 0");
        }
    }

    private static List<String> driven(EmbeddedSuperSocket peer) {
        List<String> driven = new ArrayList<>();
        for (RecordedEvent event : peer.recorder().events()) {
            driven.add(event.key().equals(Events.OVERFLOW) ? OVERFLOW : new String(event.<byte[]>arg(0), ISO_8859_1));
        }
        return driven;
    }

    private static List<String> lines(EmbeddedSuperSocket peer) {
        List<String> lines = new ArrayList<>();
        for (byte[] frame : peer.recorder().<byte[]>args(Terminator.FOUND, 0)) {
            lines.add(new String(frame, ISO_8859_1));
        }
        return lines;
    }

    private static String printable(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n");
    }
}
