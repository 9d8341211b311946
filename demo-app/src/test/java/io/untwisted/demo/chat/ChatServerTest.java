package io.untwisted.demo.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.untwisted.demo.support.DemoAppTest;
import io.untwisted.demo.support.DemoPorts;
import io.untwisted.demo.support.LineClient;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@DemoAppTest
class ChatServerTest {

    @Autowired
    private DemoPorts ports;

    @Autowired
    private ChatServer chat;

    @Test
    void relaysEveryLineToTheOthersAsNickColonLine() throws Exception {
        int port = this.ports.port("chat");
        try (LineClient alice = LineClient.connect(port); LineClient bob = LineClient.connect(port);
                LineClient carol = LineClient.connect(port)) {
            int before = this.chat.room().size();
            assertThat(alice.readUntil("Nick:")).isEqualTo("Type a nick.\r\nNick:");
            assertThat(bob.readUntil("Nick:")).isEqualTo("Type a nick.\r\nNick:");
            assertThat(carol.readUntil("Nick:")).isEqualTo("Type a nick.\r\nNick:");
            alice.send("alice\r\n");
            bob.send("bob\n");
            carol.send("\r\ncarol\r\n");
            assertThat(carol.readUntil("Nick:")).isEqualTo("Nick:");
            await().atMost(Duration.ofSeconds(10)).until(() -> this.chat.room().size() == before + 3);

            alice.send("hello everyone\r\n");
            assertThat(bob.readLine()).isEqualTo("alice:hello everyone");
            assertThat(carol.readLine()).isEqualTo("alice:hello everyone");
            bob.send("hi alice\n");
            assertThat(alice.readLine()).isEqualTo("bob:hi alice");
            assertThat(carol.readLine()).isEqualTo("bob:hi alice");

            carol.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> this.chat.room().size() == before + 2);
            alice.send("carol left\r\n");
            assertThat(bob.readLine()).isEqualTo("alice:carol left");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> this.chat.room().size() == 0);
    }
}
