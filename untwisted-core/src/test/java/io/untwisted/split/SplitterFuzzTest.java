package io.untwisted.split;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Row F7 of the reliability matrix: Jazzer fuzz targets for every splitter, driven like OSS-Fuzz's
 * handler fuzzers: the fuzzer's bytes pick the limits and the chunking, every byte goes in, then
 * the end of the stream. Each target checks that nothing escapes but the declared failures
 * ({@code OVERFLOW} with a {@link FrameTooLongException}, a close with a
 * {@link MalformedFrameException}), that no frame is longer than the maximum, that the splitter
 * holds no more than it promises, and that every byte is accounted for: what it drove equals its
 * {@link SplitterModels model}.
 *
 * <p>{@code ./mvnw -B verify} replays the committed inputs under
 * {@code src/test/resources/io/untwisted/split/SplitterFuzzTestInputs/}; docs/fuzzing.md says how
 * to fuzz.
 */
// Fuzzing mode runs one target for its maxDuration of 60 s inside a single invocation.
@Tag("fuzz")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SplitterFuzzTest {

    private static final String[] DELIMITERS = {"\r\n", "\n", "\r\n\r\n", "aba", "xx"};

    @FuzzTest(maxDuration = "60s")
    void terminator(FuzzedDataProvider data) {
        String delimiter = DELIMITERS[data.consumeInt(0, DELIMITERS.length - 1)];
        byte[] delimiterBytes = delimiter.getBytes(ISO_8859_1);
        int max = data.consumeInt(1, 64);
        OverflowAction action = data.consumeBoolean() ? OverflowAction.CLOSE : OverflowAction.DISCARD;
        boolean strict = delimiter.equals("\r\n") && data.consumeBoolean();
        List<byte[]> chunks = chunks(data);

        List<String> driven = SplitterRun.runOnEmitter(s -> strict ? Terminator.installStrictCrlf(s, max, action)
                : Terminator.install(s, delimiter, max, action), chunks, max + delimiterBytes.length - 1L, max);

        assertThat(driven).isEqualTo(SplitterModels.terminator(join(chunks), delimiterBytes, max, action, strict));
    }

    @FuzzTest(maxDuration = "60s")
    void lengthPrefixed(FuzzedDataProvider data) {
        int header = new int[] {1, 2, 4}[data.consumeInt(0, 2)];
        int max = data.consumeInt(1, 300);
        OverflowAction action = data.consumeBoolean() ? OverflowAction.CLOSE : OverflowAction.DISCARD;
        List<byte[]> chunks = chunks(data);

        List<String> driven = SplitterRun.runOnEmitter(s -> LengthPrefixed.install(s, header, max, action), chunks,
                (long) max + header, max);

        assertThat(driven).isEqualTo(SplitterModels.lengthPrefixed(join(chunks), header, max, action));
    }

    @FuzzTest(maxDuration = "60s")
    void fixed(FuzzedDataProvider data) {
        int size = data.consumeInt(1, 64);
        List<byte[]> chunks = chunks(data);

        List<String> driven = SplitterRun.runOnEmitter(s -> Fixed.install(s, size), chunks, size - 1L, size);

        assertThat(driven).isEqualTo(SplitterModels.fixed(join(chunks), size));
    }

    @FuzzTest(maxDuration = "60s")
    void accUntil(FuzzedDataProvider data) {
        String delimiter = DELIMITERS[data.consumeInt(0, DELIMITERS.length - 1)];
        byte[] delimiterBytes = delimiter.getBytes(ISO_8859_1);
        int max = data.consumeInt(1, 64);
        List<byte[]> chunks = chunks(data);

        List<String> driven = SplitterRun.runOnEmitter(s -> AccUntil.install(s, delimiter, max), chunks,
                max + delimiterBytes.length, max);

        assertThat(driven).isEqualTo(SplitterModels.accUntil(chunks, delimiterBytes, max));
    }

    @FuzzTest(maxDuration = "60s")
    void accumulator(FuzzedDataProvider data) {
        int max = data.consumeInt(1, 256);
        List<byte[]> chunks = chunks(data);

        List<String> driven = SplitterRun.runOnEmitter(s -> Accumulator.install(s, max), chunks, max, max);

        assertThat(driven).isEqualTo(SplitterModels.accumulator(join(chunks), max));
    }

    @FuzzTest(maxDuration = "60s")
    void tmpFile(FuzzedDataProvider data) {
        int size = data.consumeInt(1, 64);
        List<byte[]> chunks = chunks(data);

        List<String> driven = SplitterRun.runOnEmitter(s -> {
            try {
                return TmpFile.install(s, size);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }, chunks, 0, size);

        assertThat(driven).isEqualTo(SplitterModels.tmpFile(chunks, size));
    }

    @FuzzTest(maxDuration = "60s")
    void breaker(FuzzedDataProvider data) {
        int max = data.consumeInt(1, 64);
        List<byte[]> chunks = chunks(data);

        List<String> driven = SplitterRun.runOnEmitter(s -> {
            Terminator terminator = Terminator.install(s, "\r\n", max, OverflowAction.DISCARD);
            Breaker.install(s, SplitterRun.breakerCommands());
            return terminator;
        }, chunks, max + 1L, max);

        long lines = SplitterModels.terminator(join(chunks), "\r\n".getBytes(ISO_8859_1), max, OverflowAction.DISCARD,
                false).stream().filter(line -> !line.equals(SplitterRun.OVERFLOW)).count();
        assertThat(driven.stream().filter(d -> d.startsWith("<a:") || d.startsWith("<b:")
                || d.startsWith("<" + Breaker.UNKNOWN)).count()).isEqualTo(lines);
    }

    /** The rest of the fuzzer's bytes as reads of 1 to 128 bytes, their sizes taken from the input too. */
    static List<byte[]> chunks(FuzzedDataProvider data) {
        List<byte[]> chunks = new ArrayList<>();
        while (data.remainingBytes() > 0) {
            byte[] chunk = data.consumeBytes(data.consumeInt(1, 128));
            if (chunk.length == 0) {
                break;
            }
            chunks.add(chunk);
        }
        return chunks;
    }

    private static byte[] join(List<byte[]> chunks) {
        return SplitterRun.concat(chunks.toArray(new byte[0][]));
    }
}
