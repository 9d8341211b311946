package io.untwisted.demo.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.untwisted.demo.support.DemoAppTest;
import io.untwisted.demo.support.DemoPorts;
import io.untwisted.demo.support.LineClient;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@DemoAppTest
class EchoServerTest {

    @Autowired
    private DemoPorts ports;

    @Test
    void sendsBackEveryByte() throws Exception {
        try (LineClient client = LineClient.connect(this.ports.port("echo"))) {
            client.send("hello, echo\r\n");
            assertThat(client.readLine()).isEqualTo("hello, echo");
            byte[] big = new byte[256 * 1024];
            Arrays.fill(big, (byte) 'x');
            client.send(big);
            assertThat(client.readBytes(big.length)).isEqualTo(big);
            client.send("bye".getBytes(StandardCharsets.UTF_8));
            assertThat(client.readBytes(3)).asString(StandardCharsets.UTF_8).isEqualTo("bye");
        }
    }
}
