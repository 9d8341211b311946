package io.untwisted.split;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.untwisted.testsupport.Chunks;
import io.untwisted.testsupport.Figures;
import io.untwisted.testsupport.Property;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Row F3 of the reliability matrix: for every splitter, maximum frame lengths of 1 to 8 bytes
 * (Netty #8256, #1288) and any chunking (single bytes, delimiters split across reads, everything
 * at once), what it drives equals its {@link SplitterModels model}, valid frames come out exactly
 * as they went in, and nothing escapes but the declared failures.
 */
@Timeout(120)
class SplitterPropertiesTest {

    private static final int TRIES = 1000;
    private static final String[] DELIMITERS = {"\r\n", "\n", "\r\n\r\n", "aba", "xx"};
    private static final byte[] LINE_ALPHABET = "abx\r\n".getBytes(ISO_8859_1);
    private static final AtomicInteger tries = new AtomicInteger();

    @AfterAll
    static void recordTries() {
        Figures.record("F3", "tries", tries.get(), "cases");
    }

    @Test
    void terminatorOfAnyDelimiterLimitAndPolicy() {
        forAll(random -> {
            String delimiter = DELIMITERS[random.nextInt(DELIMITERS.length)];
            byte[] delimiterBytes = delimiter.getBytes(ISO_8859_1);
            int max = 1 + random.nextInt(8);
            OverflowAction action = action(random);
            List<byte[]> frames = new ArrayList<>();
            byte[] stream = random.nextBoolean()
                    ? validLines(random, max, delimiterBytes, frames)
                    : Chunks.bytes(random, random.nextInt(80), LINE_ALPHABET);
            List<String> driven = SplitterRun.run(s -> Terminator.install(s, delimiter, max, action),
                    Chunks.cut(random, stream), max + delimiterBytes.length - 1L, max);

            assertThat(driven).isEqualTo(SplitterModels.terminator(stream, delimiterBytes, max, action, false));
            assertFramesCameThrough(frames, driven);
        });
    }

    @Test
    void strictCrlfTerminator() {
        forAll(random -> {
            int max = 1 + random.nextInt(8);
            OverflowAction action = action(random);
            List<byte[]> frames = new ArrayList<>();
            byte[] stream = random.nextBoolean()
                    ? validLines(random, max, "\r\n".getBytes(ISO_8859_1), frames)
                    : Chunks.bytes(random, random.nextInt(80), LINE_ALPHABET);
            List<String> driven = SplitterRun.run(s -> Terminator.installStrictCrlf(s, max, action),
                    Chunks.cut(random, stream), max + 1L, max);

            assertThat(driven).isEqualTo(SplitterModels.terminator(stream, "\r\n".getBytes(ISO_8859_1), max, action, true));
            assertFramesCameThrough(frames, driven);
        });
    }

    @Test
    void lengthPrefixedOfAnyHeaderLimitAndPolicy() {
        forAll(random -> {
            int header = new int[] {1, 2, 4}[random.nextInt(3)];
            int max = 1 + random.nextInt(8);
            OverflowAction action = action(random);
            List<byte[]> frames = new ArrayList<>();
            byte[] stream;
            if (random.nextBoolean()) {
                List<byte[]> framed = new ArrayList<>();
                for (int i = random.nextInt(10); i > 0; i--) {
                    byte[] payload = Chunks.bytes(random, random.nextInt(max + 1));
                    frames.add(payload);
                    framed.add(LengthPrefixed.encode(header, payload));
                }
                stream = Chunks.join(framed);
            }
            else {
                stream = Chunks.bytes(random, random.nextInt(60), new byte[] {0, 1, 2, 7, 8, 9, (byte) 0x80, (byte) 0xFF});
            }
            List<String> driven = SplitterRun.run(s -> LengthPrefixed.install(s, header, max, action),
                    Chunks.cut(random, stream), (long) max + header, max);

            assertThat(driven).isEqualTo(SplitterModels.lengthPrefixed(stream, header, max, action));
            assertFramesCameThrough(frames, driven);
        });
    }

    @Test
    void fixedOfAnySize() {
        forAll(random -> {
            int size = 1 + random.nextInt(8);
            byte[] stream = Chunks.bytes(random, random.nextInt(60));
            List<String> driven = SplitterRun.run(s -> Fixed.install(s, size), Chunks.cut(random, stream), size - 1L, size);

            assertThat(driven).isEqualTo(SplitterModels.fixed(stream, size));
        });
    }

    @Test
    void accumulatorOfAnyLimit() {
        forAll(random -> {
            int max = 1 + random.nextInt(8);
            byte[] stream = Chunks.bytes(random, random.nextInt(12));
            List<String> driven = SplitterRun.run(s -> Accumulator.install(s, max), Chunks.cut(random, stream), max, max);

            assertThat(driven).isEqualTo(SplitterModels.accumulator(stream, max));
        });
    }

    @Test
    void accUntilOfAnyDelimiterAndLimit() {
        forAll(random -> {
            String delimiter = DELIMITERS[random.nextInt(DELIMITERS.length)];
            byte[] delimiterBytes = delimiter.getBytes(ISO_8859_1);
            int max = 1 + random.nextInt(8);
            byte[] stream = Chunks.bytes(random, random.nextInt(30), LINE_ALPHABET);
            List<byte[]> chunks = Chunks.cut(random, stream);
            List<String> driven = SplitterRun.run(s -> AccUntil.install(s, delimiter, max), chunks,
                    max + delimiterBytes.length, max);

            assertThat(driven).isEqualTo(SplitterModels.accUntil(chunks, delimiterBytes, max));
        });
    }

    @Test
    void tmpFileOfAnySize() {
        forAll(random -> {
            int size = 1 + random.nextInt(8);
            byte[] stream = Chunks.bytes(random, random.nextInt(20));
            List<byte[]> chunks = Chunks.cut(random, stream);
            List<String> driven = SplitterRun.run(s -> {
                try {
                    return TmpFile.install(s, size);
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }, chunks, 0, size);

            assertThat(driven).isEqualTo(SplitterModels.tmpFile(chunks, size));
        });
    }

    @Test
    void breakerOverATerminatorOfAnyLimit() {
        forAll(random -> {
            int max = 1 + random.nextInt(8);
            byte[] stream = Chunks.bytes(random, random.nextInt(60), "ab \r\n".getBytes(ISO_8859_1));
            List<String> driven = SplitterRun.run(s -> {
                Terminator terminator = Terminator.install(s, "\r\n", max, OverflowAction.DISCARD);
                Breaker.install(s, SplitterRun.breakerCommands());
                return terminator;
            }, Chunks.cut(random, stream), max + 1L, max);

            List<String> lines = SplitterModels.terminator(stream, "\r\n".getBytes(ISO_8859_1), max,
                    OverflowAction.DISCARD, false);
            assertThat(driven.stream().filter(d -> d.startsWith("<a:") || d.startsWith("<b:")
                    || d.startsWith("<" + Breaker.UNKNOWN)).count())
                    .as("one command per line").isEqualTo(lines.stream().filter(l -> !l.equals(SplitterRun.OVERFLOW)).count());
        });
    }

    private static void forAll(java.util.function.Consumer<SplittableRandom> property) {
        Property.forAll(TRIES, random -> {
            tries.incrementAndGet();
            property.accept(random);
        });
    }

    private static OverflowAction action(SplittableRandom random) {
        return random.nextBoolean() ? OverflowAction.CLOSE : OverflowAction.DISCARD;
    }

    /** Up to ten frames of at most {@code max} bytes that hold no delimiter, each followed by it. */
    private static byte[] validLines(SplittableRandom random, int max, byte[] delimiter, List<byte[]> frames) {
        List<byte[]> parts = new ArrayList<>();
        for (int i = random.nextInt(10); i > 0; i--) {
            byte[] frame = Chunks.bytes(random, random.nextInt(max + 1), "abx".getBytes(ISO_8859_1));
            byte[] line = SplitterRun.concat(frame, delimiter);
            if (SplitterModels.indexOf(line, delimiter, 0) != frame.length) {
                continue;
            }
            frames.add(frame);
            parts.add(line);
        }
        return Chunks.join(parts);
    }

    private static void assertFramesCameThrough(List<byte[]> frames, List<String> driven) {
        if (frames.isEmpty()) {
            return;
        }
        List<String> expected = new ArrayList<>();
        for (byte[] frame : frames) {
            expected.add(SplitterRun.text(frame));
        }
        assertThat(driven).as("valid frames out = frames in").isEqualTo(expected);
    }
}
