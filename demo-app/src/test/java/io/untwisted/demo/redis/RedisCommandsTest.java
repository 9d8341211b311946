package io.untwisted.demo.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.untwisted.demo.support.MutableClock;

import org.junit.jupiter.api.Test;

class RedisCommandsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final RedisCommands commands = new RedisCommands(new RedisStore(this.clock, 100));

    @Test
    void pingEchoAndTheEmptyAdminCommands() {
        assertThat(run("PING")).isEqualTo("+PONG\r\n");
        assertThat(run("ping", "hi")).isEqualTo("$2\r\nhi\r\n");
        assertThat(run("ECHO", "hello")).isEqualTo("$5\r\nhello\r\n");
        assertThat(run("CONFIG", "GET", "save")).isEqualTo("*0\r\n");
        assertThat(run("COMMAND")).isEqualTo("*0\r\n");
        assertThat(run("COMMAND", "DOCS")).isEqualTo("*0\r\n");
    }

    @Test
    void quitAnswersOkAndAsksToClose() {
        RedisCommands.Reply reply = this.commands.execute(RespRequest.of("QUIT"));
        assertThat(text(reply.bytes())).isEqualTo("+OK\r\n");
        assertThat(reply.close()).isTrue();
        assertThat(this.commands.execute(RespRequest.of("PING")).close()).isFalse();
    }

    @Test
    void setGetDelExists() {
        assertThat(run("SET", "a", "1")).isEqualTo("+OK\r\n");
        assertThat(run("GET", "a")).isEqualTo("$1\r\n1\r\n");
        assertThat(run("GET", "missing")).isEqualTo("$-1\r\n");
        assertThat(run("EXISTS", "a", "a", "missing")).isEqualTo(":2\r\n");
        assertThat(run("DEL", "a", "missing")).isEqualTo(":1\r\n");
        assertThat(run("GET", "a")).isEqualTo("$-1\r\n");
    }

    @Test
    void setWithExAndPxExpires() {
        run("SET", "s", "v", "EX", "10");
        run("SET", "p", "v", "px", "1500");
        this.clock.advance(Duration.ofMillis(1499));
        assertThat(run("EXISTS", "s", "p")).isEqualTo(":2\r\n");
        this.clock.advance(Duration.ofMillis(1));
        assertThat(run("GET", "p")).isEqualTo("$-1\r\n");
        this.clock.advance(Duration.ofMillis(8500));
        assertThat(run("GET", "s")).isEqualTo("$-1\r\n");
    }

    @Test
    void setRejectsBadOptionsAsRedisDoes() {
        assertThat(run("SET", "a", "1", "EX")).isEqualTo("-ERR syntax error\r\n");
        assertThat(run("SET", "a", "1", "NOPE", "1")).isEqualTo("-ERR syntax error\r\n");
        assertThat(run("SET", "a", "1", "EX", "1", "PX", "1")).isEqualTo("-ERR syntax error\r\n");
        assertThat(run("SET", "a", "1", "EX", "0")).isEqualTo("-ERR invalid expire time in 'set' command\r\n");
        assertThat(run("SET", "a", "1", "EX", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
    }

    @Test
    void incrAndDecr() {
        assertThat(run("INCR", "n")).isEqualTo(":1\r\n");
        assertThat(run("INCR", "n")).isEqualTo(":2\r\n");
        assertThat(run("DECR", "n")).isEqualTo(":1\r\n");
        assertThat(run("DECR", "m")).isEqualTo(":-1\r\n");
        run("SET", "s", "abc");
        assertThat(run("INCR", "s")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        run("SET", "z", "007");
        assertThat(run("INCR", "z")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        run("SET", "max", Long.toString(Long.MAX_VALUE));
        assertThat(run("INCR", "max")).isEqualTo("-ERR increment or decrement would overflow\r\n");
    }

    @Test
    void msetAndMget() {
        assertThat(run("MSET", "a", "1", "b", "2")).isEqualTo("+OK\r\n");
        run("LPUSH", "list", "x");
        assertThat(run("MGET", "a", "missing", "b", "list")).isEqualTo("*4\r\n$1\r\n1\r\n$-1\r\n$1\r\n2\r\n$-1\r\n");
        assertThat(run("MSET", "a", "1", "b")).isEqualTo("-ERR wrong number of arguments for 'mset' command\r\n");
    }

    @Test
    void lists() {
        assertThat(run("RPUSH", "l", "b", "c")).isEqualTo(":2\r\n");
        assertThat(run("LPUSH", "l", "a", "z")).isEqualTo(":4\r\n");
        assertThat(run("LRANGE", "l", "0", "-1")).isEqualTo("*4\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n");
        assertThat(run("LRANGE", "l", "1", "2")).isEqualTo("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
        assertThat(run("LRANGE", "l", "-2", "100")).isEqualTo("*2\r\n$1\r\nb\r\n$1\r\nc\r\n");
        assertThat(run("LRANGE", "l", "3", "1")).isEqualTo("*0\r\n");
        assertThat(run("LRANGE", "missing", "0", "-1")).isEqualTo("*0\r\n");
        assertThat(run("LPOP", "l")).isEqualTo("$1\r\nz\r\n");
        assertThat(run("RPOP", "l")).isEqualTo("$1\r\nc\r\n");
        assertThat(run("LPOP", "l", "5")).isEqualTo("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
        assertThat(run("EXISTS", "l")).isEqualTo(":0\r\n");
        assertThat(run("LPOP", "l")).isEqualTo("$-1\r\n");
    }

    @Test
    void setsAndHashes() {
        assertThat(run("SADD", "s", "a", "b", "a")).isEqualTo(":2\r\n");
        assertThat(run("SADD", "s", "b", "c")).isEqualTo(":1\r\n");
        assertThat(run("HSET", "h", "f", "1", "g", "2")).isEqualTo(":2\r\n");
        assertThat(run("HSET", "h", "f", "3")).isEqualTo(":0\r\n");
        assertThat(run("HGET", "h", "f")).isEqualTo("$1\r\n3\r\n");
        assertThat(run("HGET", "h", "nope")).isEqualTo("$-1\r\n");
        assertThat(run("HSET", "h", "f")).isEqualTo("-ERR wrong number of arguments for 'hset' command\r\n");
    }

    @Test
    void wrongTypeIsReported() {
        run("SET", "str", "v");
        String wrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
        assertThat(run("LPUSH", "str", "x")).isEqualTo(wrongType);
        assertThat(run("SADD", "str", "x")).isEqualTo(wrongType);
        assertThat(run("HGET", "str", "x")).isEqualTo(wrongType);
        run("SADD", "set", "x");
        assertThat(run("GET", "set")).isEqualTo(wrongType);
        assertThat(run("SET", "set", "now a string")).isEqualTo("+OK\r\n");
    }

    @Test
    void unknownCommandsAndWrongArityAnswerAsRedisDoes() {
        assertThat(run("FOO", "a", "b")).isEqualTo("-ERR unknown command 'FOO', with args beginning with: 'a' 'b' \r\n");
        assertThat(run("nope")).isEqualTo("-ERR unknown command 'nope', with args beginning with: \r\n");
        assertThat(run("GET")).isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
        assertThat(run("get", "a", "b")).isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
        assertThat(run("SET", "a")).isEqualTo("-ERR wrong number of arguments for 'set' command\r\n");
        assertThat(run("ECHO")).isEqualTo("-ERR wrong number of arguments for 'echo' command\r\n");
        assertThat(run("LPOP", "a", "1", "2")).isEqualTo("-ERR wrong number of arguments for 'lpop' command\r\n");
        assertThat(run("PING", "a", "b")).isEqualTo("-ERR wrong number of arguments for 'ping' command\r\n");
        assertThat(run("CONFIG", "SET", "a", "b")).isEqualTo("-ERR unknown subcommand 'SET'. Try CONFIG HELP.\r\n");
    }

    @Test
    void aFullStoreAnswersOom() {
        RedisCommands tiny = new RedisCommands(new RedisStore(this.clock, 2));
        tiny.execute(RespRequest.of("SET", "a", "1"));
        tiny.execute(RespRequest.of("SET", "b", "1", "PX", "10"));
        assertThat(text(tiny.execute(RespRequest.of("SET", "c", "1")).bytes())).startsWith("-OOM ");
        assertThat(text(tiny.execute(RespRequest.of("SET", "a", "2")).bytes())).isEqualTo("+OK\r\n");
        this.clock.advance(Duration.ofMillis(10));
        assertThat(text(tiny.execute(RespRequest.of("SET", "c", "1")).bytes())).isEqualTo("+OK\r\n");
    }

    @Test
    void concurrentIncrementsAreNeverLost() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> workers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                workers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        this.commands.execute(RespRequest.of("INCR", "counter"));
                        this.commands.execute(RespRequest.of("RPUSH", "list", "x"));
                    }
                }, pool));
            }
            CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(run("GET", "counter")).isEqualTo("$5\r\n20000\r\n");
        assertThat(run("RPUSH", "list", "y")).isEqualTo(":20001\r\n");
    }

    private String run(String... words) {
        return text(this.commands.execute(RespRequest.of(words)).bytes());
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
