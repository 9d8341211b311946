package io.untwisted.split;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.untwisted.testing.EmbeddedSuperSocket;
import io.untwisted.testsupport.Chunks;
import io.untwisted.testsupport.Property;

import org.junit.jupiter.api.Test;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FixedTest {

    @Test
    void anyChunkingGivesEveryWholeFrameAndHoldsLessThanOne() {
        Property.forAll(300, random -> {
            int size = 1 + random.nextInt(16);
            byte[] stream = Chunks.bytes(random, random.nextInt(200));
            List<byte[]> expected = new ArrayList<>();
            for (int at = 0; at + size <= stream.length; at += size) {
                expected.add(Arrays.copyOfRange(stream, at, at + size));
            }

            try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
                Fixed fixed = Fixed.install(peer.socket(), size);
                peer.record(Fixed.FOUND);
                for (byte[] chunk : Chunks.cut(random, stream)) {
                    peer.feed(chunk);
                    assertThat(fixed.buffered()).isLessThan(size);
                }
                assertThat(peer.recorder().<byte[]>args(Fixed.FOUND, 0)).containsExactlyElementsOf(expected);
                assertThat(fixed.buffered()).isEqualTo(stream.length % size);
            }
        });
    }

    @Test
    void aShortReadWaitsForTheRestOfItsFrame() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            Fixed.install(peer.socket(), 4);
            peer.record(Fixed.FOUND);

            peer.feed("ab");
            assertThat(peer.events(Fixed.FOUND)).isEmpty();
            peer.feed("cdefg").feed("h");

            assertThat(frames(peer)).containsExactly("abcd", "efgh");
        }
    }

    @Test
    void uninstallHandsBackAPartialFrame() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            Fixed fixed = Fixed.install(peer.socket(), 4);
            peer.feed("abcdef");

            assertThat(new String(fixed.uninstall(), ISO_8859_1)).isEqualTo("ef");
            peer.record(Fixed.FOUND);
            peer.feed("ghij");
            assertThat(peer.events(Fixed.FOUND)).isEmpty();
        }
    }

    @Test
    void sizeMustBePositive() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            assertThatIllegalArgumentException().isThrownBy(() -> Fixed.install(peer.socket(), 0))
                    .withMessage("size must be > 0: 0");
        }
    }

    private static List<String> frames(EmbeddedSuperSocket peer) {
        List<String> frames = new ArrayList<>();
        for (byte[] frame : peer.recorder().<byte[]>args(Fixed.FOUND, 0)) {
            frames.add(new String(frame, ISO_8859_1));
        }
        return frames;
    }
}
