package io.untwisted.demo.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.untwisted.demo.support.DemoAppTest;
import io.untwisted.demo.support.DemoPorts;
import io.untwisted.demo.support.LineClient;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@DemoAppTest
class RedisServerTest {

    @Autowired
    private DemoPorts ports;

    @Test
    void answersPipelinedInlineAndMultiBulkRequestsInOrder() throws Exception {
        try (LineClient client = LineClient.connect(this.ports.port("redis"))) {
            client.send("*3\r\n$3\r\nSET\r\n$7\r\nrst:k\r\n\r\n$2\r\nv1\r\n");
            assertThat(client.readLine()).isEqualTo("+OK");
            client.send("PING\r\nGET rst:other\r\n*2\r\n$3\r\nGET\r\n$7\r\nrst:k\r\n\r\n"
                    + "*2\r\n$4\r\nECHO\r\n$5\r\nhello\r\nINCR rst:n\r\nINCR rst:n\r\n");
            assertThat(client.readLine()).isEqualTo("+PONG");
            assertThat(client.readLine()).isEqualTo("$-1");
            assertThat(client.readLine()).isEqualTo("$2");
            assertThat(client.readLine()).isEqualTo("v1");
            assertThat(client.readLine()).isEqualTo("$5");
            assertThat(client.readLine()).isEqualTo("hello");
            assertThat(client.readLine()).isEqualTo(":1");
            assertThat(client.readLine()).isEqualTo(":2");
            client.send("NOSUCH a\r\nGET\r\n");
            assertThat(client.readLine()).isEqualTo("-ERR unknown command 'NOSUCH', with args beginning with: 'a' ");
            assertThat(client.readLine()).isEqualTo("-ERR wrong number of arguments for 'get' command");
        }
    }

    @Test
    void quitAnswersOkThenCloses() throws Exception {
        try (LineClient client = LineClient.connect(this.ports.port("redis"))) {
            client.send("PING\r\nQUIT\r\nPING\r\n");
            assertThat(client.readLine()).isEqualTo("+PONG");
            assertThat(client.readLine()).isEqualTo("+OK");
            assertThat(client.atEndOfStream()).isTrue();
        }
    }

    @Test
    void aProtocolErrorIsAnsweredThenTheConnectionCloses() throws Exception {
        try (LineClient client = LineClient.connect(this.ports.port("redis"))) {
            client.send("*1\r\n$99999999\r\n");
            assertThat(client.readLine()).isEqualTo("-ERR Protocol error: invalid bulk length");
            assertThat(client.atEndOfStream()).isTrue();
        }
        try (LineClient client = LineClient.connect(this.ports.port("redis"))) {
            client.send("*1\r\n+PING\r\n");
            assertThat(client.readLine()).isEqualTo("-ERR Protocol error: expected '$', got '+'");
            assertThat(client.atEndOfStream()).isTrue();
        }
    }
}
