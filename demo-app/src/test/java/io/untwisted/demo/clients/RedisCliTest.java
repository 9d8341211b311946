package io.untwisted.demo.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.untwisted.demo.support.DemoAppTest;
import io.untwisted.demo.support.DemoPorts;
import io.untwisted.demo.support.ExternalClient;
import io.untwisted.demo.support.ExternalClient.Result;
import io.untwisted.demo.support.LineClient;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/** The real {@code redis-cli} against the demo's Redis server, unchanged. */
@DemoAppTest
class RedisCliTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int MASS_INSERT = 100_000;

    @Autowired
    private DemoPorts ports;

    private int port;

    @BeforeEach
    void requireRedisCli() {
        ExternalClient.require("redis-cli");
        this.port = this.ports.port("redis");
    }

    @Test
    void commandsAnswerAsTheyWouldFromRedis() throws Exception {
        assertThat(cli("PING")).isEqualTo("PONG\n");
        assertThat(cli("SET", "cli:a", "1")).isEqualTo("OK\n");
        assertThat(cli("GET", "cli:a")).isEqualTo("1\n");
        assertThat(cli("INCR", "cli:a")).isEqualTo("2\n");
        assertThat(cli("SET", "cli:ttl", "v", "EX", "100")).isEqualTo("OK\n");
        assertThat(cli("MSET", "cli:x", "10", "cli:y", "20")).isEqualTo("OK\n");
        assertThat(cli("MGET", "cli:x", "cli:none", "cli:y")).isEqualTo("10\n\n20\n");
        assertThat(cli("RPUSH", "cli:list", "a", "b", "c")).isEqualTo("3\n");
        assertThat(cli("LRANGE", "cli:list", "0", "-1")).isEqualTo("a\nb\nc\n");
        assertThat(cli("LPOP", "cli:list")).isEqualTo("a\n");
        assertThat(cli("SADD", "cli:set", "m", "n", "m")).isEqualTo("2\n");
        assertThat(cli("HSET", "cli:hash", "field", "value")).isEqualTo("1\n");
        assertThat(cli("HGET", "cli:hash", "field")).isEqualTo("value\n");
        assertThat(cli("EXISTS", "cli:a", "cli:none")).isEqualTo("1\n");
        assertThat(cli("DEL", "cli:a", "cli:x")).isEqualTo("2\n");
        assertThat(cli("ECHO", "hi there")).isEqualTo("hi there\n");
        assertThat(cli("NOSUCHCOMMAND", "x")).contains("ERR unknown command 'NOSUCHCOMMAND'");
        assertThat(cli("GET", "a", "b")).contains("ERR wrong number of arguments for 'get' command");
    }

    @Test
    void massInsertWithPipeHasNoErrorsAndEveryKeyReadsBack(@TempDir Path dir) throws Exception {
        Path commands = dir.resolve("mass-insert.resp");
        try (BufferedWriter out = Files.newBufferedWriter(commands, StandardCharsets.UTF_8)) {
            for (int i = 0; i < MASS_INSERT; i++) {
                out.write(resp("SET", "mass:" + i, "value-" + i));
            }
        }
        Result pipe = ExternalClient.run(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(this.port),
                "--pipe"), commands, TIMEOUT);
        assertThat(pipe.exitCode()).as(pipe.stdout() + pipe.stderr()).isZero();
        assertThat(pipe.stdout()).contains("errors: 0, replies: " + MASS_INSERT);

        assertThat(cli("GET", "mass:0")).isEqualTo("value-0\n");
        assertThat(cli("GET", "mass:" + (MASS_INSERT - 1))).isEqualTo("value-" + (MASS_INSERT - 1) + "\n");
        assertThat(cli("GET", "mass:" + MASS_INSERT)).isEqualTo("\n");

        try (LineClient client = LineClient.connect(this.port)) {
            StringBuilder gets = new StringBuilder();
            for (int i = 0; i < MASS_INSERT; i++) {
                gets.append("GET mass:").append(i).append("\r\n");
            }
            client.send(gets.toString());
            List<Integer> wrong = new ArrayList<>();
            for (int i = 0; i < MASS_INSERT; i++) {
                String value = "value-" + i;
                if (!client.readLine().equals("$" + value.length()) || !client.readLine().equals(value)) {
                    wrong.add(i);
                }
            }
            assertThat(wrong).as("keys that did not read back").isEmpty();
        }
    }

    private String cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(this.port)));
        command.addAll(List.of(args));
        return ExternalClient.run(command, null, TIMEOUT).stdout();
    }

    private static String resp(String... words) {
        StringBuilder text = new StringBuilder("*").append(words.length).append("\r\n");
        for (String word : words) {
            text.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word).append("\r\n");
        }
        return text.toString();
    }
}
