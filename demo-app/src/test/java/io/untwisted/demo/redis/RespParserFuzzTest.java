package io.untwisted.demo.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Row F7 of the reliability matrix for the demo's RESP parser: the fuzzer's bytes, under small
 * limits it picks, go in once whole and once in the chunking it picks. Nothing may escape but a
 * {@link RespProtocolException}; no request may pass a limit; and the chunking must change
 * nothing: the same requests, then the same failure (or none), so no byte is lost or read twice.
 *
 * <p>{@code ./mvnw -B verify} replays the committed inputs under
 * {@code src/test/resources/io/untwisted/demo/redis/RespParserFuzzTestInputs/}; docs/fuzzing.md
 * says how to fuzz.
 */
// Fuzzing mode runs one target for its maxDuration of 60 s inside a single invocation.
@Tag("fuzz")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RespParserFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyBytesInAnyChunking(FuzzedDataProvider data) {
        RespLimits limits = new RespLimits(data.consumeInt(0, 64), data.consumeInt(1, 8), data.consumeInt(16, 64),
                data.consumeInt(1, 256));
        List<byte[]> chunks = new ArrayList<>();
        while (data.remainingBytes() > 0) {
            byte[] chunk = data.consumeBytes(data.consumeInt(1, 64));
            if (chunk.length == 0) {
                break;
            }
            chunks.add(chunk);
        }
        int total = chunks.stream().mapToInt(chunk -> chunk.length).sum();
        ByteBuffer whole = ByteBuffer.allocate(total);
        chunks.forEach(whole::put);
        whole.flip();

        Outcome chunked = parse(limits, chunks);
        Outcome once = parse(limits, List.of(whole.array()));

        assertThat(chunked.requests).as("requests, chunked vs whole").isEqualTo(once.requests);
        assertThat(chunked.failure).as("failure, chunked vs whole").isEqualTo(once.failure);
        for (RespRequest request : once.parsed) {
            assertThat(request.size()).isPositive();
            long length = 0;
            for (int i = 0; i < request.size(); i++) {
                length += request.arg(i).length;
                assertThat(request.arg(i).length).isLessThanOrEqualTo(
                        Math.max(limits.maxBulkLength(), limits.maxInlineLength()));
            }
            assertThat(length).isLessThanOrEqualTo(Math.max(limits.maxRequestLength(), limits.maxInlineLength()));
        }
    }

    private static Outcome parse(RespLimits limits, List<byte[]> chunks) {
        RespParser parser = new RespParser(limits);
        Outcome outcome = new Outcome();
        try {
            for (byte[] chunk : chunks) {
                ByteBuffer read = ByteBuffer.wrap(chunk);
                RespRequest request;
                while ((request = parser.next(read)) != null) {
                    outcome.requests.add(words(request));
                    outcome.parsed.add(request);
                }
                assertThat(read.hasRemaining()).as("a read the parser did not consume").isFalse();
            }
        }
        catch (RespProtocolException ex) {
            outcome.failure = ex.getMessage();
        }
        return outcome;
    }

    private static List<String> words(RespRequest request) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < request.size(); i++) {
            words.add(new String(request.arg(i), StandardCharsets.ISO_8859_1));
        }
        return words;
    }

    private static final class Outcome {
        final List<List<String>> requests = new ArrayList<>();
        final List<RespRequest> parsed = new ArrayList<>();
        String failure;
    }
}
