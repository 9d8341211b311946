package io.untwisted.examples;

import java.net.InetSocketAddress;
import java.time.Duration;

import io.untwisted.net.SuperServer;
import io.untwisted.reactor.ReactorGroup;
import io.untwisted.testsupport.LineClient;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ChatServerTest {

    private static final String PROMPT = "Type a nick.\r\nNick:";

    private ReactorGroup group;
    private final ChatServer chat = new ChatServer();
    private SuperServer server;

    @BeforeEach
    void start() throws Exception {
        this.group = new ReactorGroup(2, "chat");
        this.group.start();
        this.server = this.chat.start(this.group, new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void stop() {
        this.group.close();
    }

    @Test
    void asksForANickThenRelaysLinesToTheOthers() throws Exception {
        try (LineClient alice = new LineClient(this.server.port()); LineClient bob = new LineClient(this.server.port());
                LineClient carol = new LineClient(this.server.port())) {
            assertThat(alice.readText(PROMPT)).isEqualTo(PROMPT);
            assertThat(bob.readText(PROMPT)).isEqualTo(PROMPT);
            assertThat(carol.readText(PROMPT)).isEqualTo(PROMPT);
            alice.send("alice\r\n");
            bob.send("bob\r\n");
            carol.send("carol\r\n");
            await().atMost(Duration.ofSeconds(30)).until(() -> this.chat.members() == 3);

            alice.send("hello everyone\r\n");
            assertThat(bob.readLine()).isEqualTo("alice:hello everyone");
            assertThat(carol.readLine()).isEqualTo("alice:hello everyone");

            bob.send("hi alice\r\n");
            assertThat(alice.readLine()).isEqualTo("bob:hi alice");
            assertThat(carol.readLine()).isEqualTo("bob:hi alice");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> this.chat.members() == 0);
    }

    @Test
    void aNickAndAMessageInOneWriteAreBothHonoured() throws Exception {
        try (LineClient alice = new LineClient(this.server.port()); LineClient bob = new LineClient(this.server.port())) {
            alice.readText(PROMPT);
            bob.readText(PROMPT);
            bob.send("bob\r\n");
            await().atMost(Duration.ofSeconds(30)).until(() -> this.chat.members() == 1);

            alice.send("alice\r\nfirst words\r\n");

            assertThat(bob.readLine()).isEqualTo("alice:first words");
        }
    }
}
