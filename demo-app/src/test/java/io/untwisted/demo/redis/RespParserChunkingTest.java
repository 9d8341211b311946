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
