package io.untwisted.demo.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Any chunking of a stream of requests gives the same requests. */
class RespParserChunkingTest {

    @Property(tries = 300)
    void anyChunkingGivesTheSameRequests(@ForAll("requests") @Size(min = 1, max = 20) List<List<String>> requests,
            @ForAll @Size(max = 30) List<@IntRange(min = 1, max = 40) Integer> chunkSizes) throws Exception {
        byte[] stream = encode(requests);
        RespParser parser = new RespParser(RespLimits.DEFAULT);
        List<RespRequest> parsed = new ArrayList<>();
        int at = 0;
        int chunk = 0;
        while (at < stream.length) {
            int size = chunkSizes.isEmpty() ? 1 : chunkSizes.get(chunk++ % chunkSizes.size());
            ByteBuffer piece = ByteBuffer.wrap(stream, at, Math.min(size, stream.length - at)).slice();
            at += piece.remaining();
            RespRequest request;
            while ((request = parser.next(piece)) != null) {
                parsed.add(request);
            }
        }
        assertThat(RespParserTest.words(parsed)).isEqualTo(requests);
    }

    @Provide
    Arbitrary<List<List<String>>> requests() {
        Arbitrary<String> word = Arbitraries.strings().withChars("ab\r\n \"'\\$*0").ofMinLength(0).ofMaxLength(12);
        return word.list().ofMinSize(1).ofMaxSize(5).list();
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
