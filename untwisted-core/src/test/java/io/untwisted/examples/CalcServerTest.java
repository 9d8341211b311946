package io.untwisted.examples;

import java.net.InetSocketAddress;

import io.untwisted.net.SuperServer;
import io.untwisted.reactor.ReactorGroup;
import io.untwisted.testsupport.LineClient;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CalcServerTest {

    private ReactorGroup group;
    private SuperServer server;

    @BeforeEach
    void start() throws Exception {
        this.group = new ReactorGroup(2, "calc");
        this.group.start();
        this.server = CalcServer.start(this.group, new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void stop() {
        this.group.close();
    }

    @Test
    void computesEachLine() throws Exception {
        try (LineClient client = new LineClient(this.server.port())) {
            client.send("add 1 2 3\r\nsub 10 4\r\nmul 2 3 4\r\ndiv 9 2\r\n");

            assertThat(client.readLine()).isEqualTo("6.0");
            assertThat(client.readLine()).isEqualTo("6.0");
            assertThat(client.readLine()).isEqualTo("24.0");
            assertThat(client.readLine()).isEqualTo("4.5");
        }
    }

    @Test
    void answersValueErrorToAMalformedLineAndKeepsServing() throws Exception {
        try (LineClient client = new LineClient(this.server.port())) {
            client.send("add 1 x\r\n");
            assertThat(client.readLine()).startsWith("ValueError");
            client.send("pow 2 3\r\n");
            assertThat(client.readLine()).isEqualTo("ValueError: unknown operation 'pow'");
            client.send("add\r\n");
            assertThat(client.readLine()).isEqualTo("ValueError: no numbers");
            client.send("add 2 2\r\n");
            assertThat(client.readLine()).isEqualTo("4.0");
        }
    }
}
