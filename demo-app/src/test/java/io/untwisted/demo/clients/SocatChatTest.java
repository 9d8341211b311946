package io.untwisted.demo.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.untwisted.demo.chat.ChatServer;
import io.untwisted.demo.support.DemoAppTest;
import io.untwisted.demo.support.DemoPorts;
import io.untwisted.demo.support.ExternalClient;
import io.untwisted.demo.support.ExternalClient.Interactive;
import io.untwisted.demo.support.PrometheusScrape;
import io.untwisted.testsupport.HttpGet;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Two {@code socat} clients chat through the demo, as two users at terminals would, and the
 * Prometheus scrape counts exactly the lines they sent.
 */
@DemoAppTest
class SocatChatTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final Map<String, String> CHAT_LINES = Map.of("server", "chat", "event", "terminator.found");

    @Autowired
    private DemoPorts ports;

    @Autowired
    private ChatServer chat;

    @LocalServerPort
    private int httpPort;

    @Test
    void twoSocatClientsChatAndPrometheusCountsEveryLine() throws Exception {
        ExternalClient.require("socat");
        await().atMost(PATIENCE).until(() -> this.chat.room().isEmpty());
        double linesBefore = linesCounted();
        List<String> socat = List.of("socat", "-", "TCP:127.0.0.1:" + this.ports.port("chat"));
        int sent = 0;
        try (Interactive alice = ExternalClient.start(socat); Interactive bob = ExternalClient.start(socat)) {
            await().atMost(PATIENCE).until(() -> alice.output().endsWith("Type a nick.\r\nNick:"));
            await().atMost(PATIENCE).until(() -> bob.output().endsWith("Type a nick.\r\nNick:"));
            alice.type("alice\n");
            bob.type("bob\n");
            sent += 2;
            await().atMost(PATIENCE).until(() -> this.chat.room().size() == 2);

            alice.type("hello bob\n");
            alice.type("how are you?\n");
            sent += 2;
            await().atMost(PATIENCE).until(() -> bob.output().endsWith("alice:hello bob\r\nalice:how are you?\r\n"));
            bob.type("fine, thanks\n");
            sent += 1;
            await().atMost(PATIENCE).until(() -> alice.output().endsWith("bob:fine, thanks\r\n"));

            assertThat(bob.endInput(PATIENCE)).as("socat ends once its input does").isTrue();
            await().atMost(PATIENCE).until(() -> this.chat.room().size() == 1);
            assertThat(alice.output()).isEqualTo("Type a nick.\r\nNick:bob:fine, thanks\r\n");
            assertThat(bob.output()).isEqualTo("Type a nick.\r\nNick:alice:hello bob\r\nalice:how are you?\r\n");
        }
        int expected = sent;
        await().atMost(PATIENCE).until(() -> linesCounted() - linesBefore >= expected);
        assertThat(linesCounted() - linesBefore).isEqualTo(expected);
    }

    private double linesCounted() throws Exception {
        return new PrometheusScrape(HttpGet.get(this.httpPort, "/actuator/prometheus").body())
                .sum("untwisted_events_total", CHAT_LINES);
    }
}
