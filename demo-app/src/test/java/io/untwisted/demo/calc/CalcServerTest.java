package io.untwisted.demo.calc;

import static org.assertj.core.api.Assertions.assertThat;

import io.untwisted.demo.support.DemoAppTest;
import io.untwisted.demo.support.DemoPorts;
import io.untwisted.demo.support.LineClient;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@DemoAppTest
class CalcServerTest {

    @Autowired
    private DemoPorts ports;

    @Test
    void answersEachLineAndKeepsTheConnectionAfterErrors() throws Exception {
        try (LineClient client = LineClient.connect(this.ports.port("calc"))) {
            client.send("add 1 2 3\r\n");
            assertThat(client.readUntil("\r\n")).isEqualTo("6.0\r\n");
            client.send("sub 10 2 3\r\nmul 2 3 4\r\ndiv 1 2\r\n");
            assertThat(client.readLine()).isEqualTo("5.0");
            assertThat(client.readLine()).isEqualTo("24.0");
            assertThat(client.readLine()).isEqualTo("0.5");
            client.send("div 1 0\r\n");
            assertThat(client.readLine()).isEqualTo("error: division by zero");
            client.send("add one two\r\n");
            assertThat(client.readLine()).isEqualTo("error: not a number: 'one'");
            client.send("frobnicate 1\n");
            assertThat(client.readLine()).startsWith("error: unknown operation 'frobnicate'");
            client.send("add 2 2\n");
            assertThat(client.readLine()).isEqualTo("4.0");
        }
    }
}
