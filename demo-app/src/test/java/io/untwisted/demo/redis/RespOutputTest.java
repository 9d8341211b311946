package io.untwisted.demo.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.untwisted.demo.support.MutableClock;
import io.untwisted.testing.EmbeddedSuperSocket;

import org.junit.jupiter.api.Test;

class RespOutputTest {

    private final RedisCommands commands = new RedisCommands(
            new RedisStore(new MutableClock(Instant.parse("2025-01-01T00:00:00Z")), 100));

    @Test
    void theServerPathWritesTheSameRepliesAsExecute() {
        byte[] big = new byte[3 * RespOutput.CAPACITY + 17];
        Arrays.fill(big, (byte) 'v');
        List<RespRequest> requests = List.of(
                RespRequest.of("SET", "k", "value"), RespRequest.of("sEt", "k", "value", "PX", "100"),
                RespRequest.of("GET", "k"), RespRequest.of("get", "missing"), RespRequest.of("PING"),
                RespRequest.of("PING", "hi"), RespRequest.of("ECHO", "hello"), RespRequest.of("INCR", "n"),
                RespRequest.of("incr", "k"), RespRequest.of("LPUSH", "l", "a", "b"), RespRequest.of("GET", "l"),
                RespRequest.of("LRANGE", "l", "0", "-1"), RespRequest.of("HSET", "h", "f", "v"),
                RespRequest.of("HGET", "h", "f"), RespRequest.of("MGET", "k", "n"), RespRequest.of("GET"),
                RespRequest.of("NOPE", "a"), RespRequest.of("G\u00c9T", "k"), RespRequest.of("GETX", "k"),
                RespRequest.of("CONFIG", "GET", "save"), RespRequest.of("QUIT"),
                new RespRequest(List.of("SET".getBytes(StandardCharsets.US_ASCII), "big".getBytes(StandardCharsets.US_ASCII),
                        big)),
                RespRequest.of("GET", "big"), RespRequest.of("ECHO", ""));
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            RespOutput out = new RespOutput();
            List<String> expected = new ArrayList<>();
            List<String> written = new ArrayList<>();
            for (RespRequest request : requests) {
                RedisCommands.Reply reply = this.commands.execute(request);
                expected.add(text(reply.bytes()) + " close=" + reply.close());
            }
            RedisCommands replay = new RedisCommands(
                    new RedisStore(new MutableClock(Instant.parse("2025-01-01T00:00:00Z")), 100));
            for (RespRequest request : requests) {
                out.start(peer.socket());
                boolean close = replay.execute(request, out);
                out.finish();
                peer.runPendingTasks();
                written.add(text(peer.readOutbound()) + " close=" + close);
            }
            assertThat(written).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void smallIntegerRepliesAreSharedAndOthersEncoded() {
        assertThat(RespReply.integer(7)).isSameAs(RespReply.integer(7));
        assertThat(text(RespReply.integer(1023))).isEqualTo(":1023\r\n");
        assertThat(text(RespReply.integer(1024))).isEqualTo(":1024\r\n");
        assertThat(text(RespReply.integer(-1))).isEqualTo(":-1\r\n");
        assertThat(text(RespReply.bulk(new byte[0]))).isEqualTo("$0\r\n\r\n");
        assertThat(text(RespReply.bulk(new byte[1234]))).startsWith("$1234\r\n").hasSize(1234 + 9);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
