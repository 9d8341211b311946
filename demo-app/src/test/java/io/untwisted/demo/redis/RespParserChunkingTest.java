package io.untwisted.demo.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.untwisted.testsupport.Property;

import org.junit.jupiter.api.Test;

/** Any chunking of a stream of requests gives the same requests. */
class RespParserChunkingTest {

    private static final String WORD_CHARS = "ab\r\n \"'\\$*0";

    /** Bytes that break a stream where they land: headers, digits, line ends. */
    private static final String BROKEN_CHARS = "*$\r\n-+09x ";

    @Test
    void anyChunkingGivesTheSameRequests() {
        Property.forAll(300, random -> {
            List<List<String>> requests = requests(random);
            byte[] stream = encode(requests);
            RespParser parser = new RespParser(RespLimits.DEFAULT);
            List<RespRequest> parsed = new ArrayList<>();
            int at = 0;
            while (at < stream.length) {
                int size = 1 + random.nextInt(40);
                ByteBuffer piece = ByteBuffer.wrap(stream, at, Math.min(size, stream.length - at)).slice();
                at += piece.remaining();
                parsed.addAll(parseAll(parser, piece));
            }
            assertThat(RespParserTest.words(parsed)).isEqualTo(requests);
        });
    }

    /**
     * Fed whole, the parser reads headers and bulks where they lie in the read; fed one byte at a
     * time, it gathers every line and bulk byte by byte. Both must give the same requests and the
     * same failure, on valid streams and on streams with a few bytes broken.
     */
    @Test
    void readingInPlaceAndByteByByteAgreeOnValidAndBrokenStreams() {
        Property.forAll(2000, random -> {
            RespLimits limits = random.nextBoolean() ? RespLimits.DEFAULT
                    : new RespLimits(random.nextInt(65), 1 + random.nextInt(8), 16 + random.nextInt(49),
                            1 + random.nextInt(256));
            byte[] stream = encode(requests(random));
            int mutations = random.nextInt(4);
            for (int m = 0; m < mutations && stream.length > 0; m++) {
                stream[random.nextInt(stream.length)] = (byte) BROKEN_CHARS.charAt(random.nextInt(BROKEN_CHARS.length()));
            }
            String whole = outcome(limits, stream, stream.length, false);
            String byteByByte = outcome(limits, stream, 1, false);
            String chunked = outcome(limits, stream, 1 + random.nextInt(24), random.nextBoolean());
            String direct = outcome(limits, stream, stream.length, true);
            assertThat(byteByByte).isEqualTo(whole);
            assertThat(chunked).isEqualTo(whole);
            assertThat(direct).isEqualTo(whole);
        });
    }

    @Test
    void headersOfManyDigitsOrAtTheLineLimitReadAlikeInPlaceAndByteByByte() {
        RespLimits limits = new RespLimits(64, 8, 16, 256);
        for (String stream : List.of("*1\r\n$000000000000000003\r\nabc\r\n", "*1\r\n$0000000000000000003\r\nabc\r\n",
                "*1\r\n$00000000000003\r\nabc\r\n", "*1\r\n$000000000000003\r\nabc\r\n",
                "*00000000000001\r\n$1\r\na\r\n", "*000000000000001\r\n$1\r\na\r\n", "*1\n$1\na\r\n",
                "*1\r\n$1\r\na\n", "*1\r\n$0\r\n\r\n", "*1\r\n$1\r\r\na\r\n", "*1\r\n$\r\n", "*\r\n",
                "*9\r\n", "*1\r\n$65\r\n", "*1\r\n$-1\r\n", "*1\r\n$+1\r\na\r\n", "*1\r\n$000000003\r\nabc\r\n",
                "*1\r\n$0000000003\r\nabc\r\n", "*000000002\r\n$1\r\na\r\n$0\r\n\r\n", "*2\r\n$64\r\n",
                "*5\r\n$64\r\n" + "x".repeat(64) + "\r\n$64\r\n" + "x".repeat(64) + "\r\n$64\r\n" + "x".repeat(64) + "\r\n",
                "*2\r\n$1\r\na\r\n$1\r\nb\r\n*1\r\n$1\r\nc\r\n", "*2\r\n$1\r\na\r\n$1\r\nb\r\n*1\r\n")) {
            byte[] bytes = stream.getBytes(StandardCharsets.US_ASCII);
            assertThat(outcome(limits, bytes, 1, false)).as(stream).isEqualTo(outcome(limits, bytes, bytes.length, false));
            assertThat(outcome(limits, bytes, 1, false)).as(stream).isEqualTo(outcome(limits, bytes, bytes.length, true));
        }
    }

    @Test
    void aBulkHeaderNearTheIntLimitIsNotReadPastTheRead() {
        RespLimits limits = new RespLimits(Integer.MAX_VALUE, 8, 64, Long.MAX_VALUE);
        byte[] bytes = "*1\r\n$2147483647\r\nab".getBytes(StandardCharsets.US_ASCII);
        assertThat(outcome(limits, bytes, bytes.length, true)).isEmpty();
        assertThat(outcome(limits, bytes, bytes.length, false)).isEmpty();
        byte[] nine = "*1\r\n$999999999\r\nab".getBytes(StandardCharsets.US_ASCII);
        assertThat(outcome(limits, nine, nine.length, true)).isEmpty();
    }

    /**
     * The requests {@code stream} gives in reads of {@code chunk} bytes, in heap or {@code direct}
     * buffers, then its failure, as text.
     */
    private static String outcome(RespLimits limits, byte[] stream, int chunk, boolean direct) {
        RespParser parser = new RespParser(limits);
        StringBuilder outcome = new StringBuilder();
        try {
            for (int at = 0; at < stream.length; at += chunk) {
                ByteBuffer read = ByteBuffer.wrap(stream, at, Math.min(chunk, stream.length - at)).slice();
                if (direct) {
                    read = ByteBuffer.allocateDirect(read.remaining()).put(read).flip();
                }
                RespRequest request;
                while ((request = parser.next(read)) != null) {
                    for (int i = 0; i < request.size(); i++) {
                        outcome.append(new String(request.arg(i), StandardCharsets.ISO_8859_1)).append('|');
                    }
                    outcome.append('\n');
                }
                assertThat(read.hasRemaining()).as("a read the parser did not consume").isFalse();
            }
        }
        catch (RespProtocolException ex) {
            outcome.append("failed: ").append(ex.getMessage()).append(' ').append(ex.length())
                    .append(' ').append(ex.limit());
        }
        return outcome.toString();
    }

    private static List<RespRequest> parseAll(RespParser parser, ByteBuffer piece) {
        List<RespRequest> parsed = new ArrayList<>();
        try {
            RespRequest request;
            while ((request = parser.next(piece)) != null) {
                parsed.add(request);
            }
        }
        catch (RespProtocolException ex) {
            throw new AssertionError("a valid stream was rejected", ex);
        }
        return parsed;
    }

    private static List<List<String>> requests(SplittableRandom random) {
        List<List<String>> requests = new ArrayList<>();
        int count = 1 + random.nextInt(20);
        for (int i = 0; i < count; i++) {
            List<String> words = new ArrayList<>();
            int size = 1 + random.nextInt(5);
            for (int w = 0; w < size; w++) {
                StringBuilder word = new StringBuilder();
                int length = random.nextInt(13);
                for (int c = 0; c < length; c++) {
                    word.append(WORD_CHARS.charAt(random.nextInt(WORD_CHARS.length())));
                }
                words.add(word.toString());
            }
            requests.add(words);
        }
        return requests;
    }

    /** Multi-bulk for requests with unusual words, inline for plain ones: both forms mixed. */
    private static byte[] encode(List<List<String>> requests) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (List<String> request : requests) {
            boolean plain = request.stream().allMatch(w -> w.matches("[ab0]+")) && !request.get(0).isEmpty();
            if (plain) {
                out.writeBytes((String.join(" ", request) + "\r\n").getBytes(StandardCharsets.UTF_8));
                continue;
            }
            out.writeBytes(("*" + request.size() + "\r\n").getBytes(StandardCharsets.UTF_8));
            for (String word : request) {
                byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
                out.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.writeBytes(bytes);
                out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }
}
