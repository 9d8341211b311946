package io.untwisted.demo.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

import io.untwisted.demo.support.DemoAppTest;
import io.untwisted.demo.support.DemoPorts;
import io.untwisted.demo.support.LineClient;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@DemoAppTest
class TimeServerTest {

    @Autowired
    private DemoPorts ports;

    @Test
    void sendsTheTimeAndKeepsTheConnectionUntilTheClientLeaves() throws Exception {
        OffsetDateTime before = OffsetDateTime.now().minusSeconds(2);
        try (LineClient client = LineClient.connect(this.ports.port("time"))) {
            OffsetDateTime sent = OffsetDateTime.parse(client.readLine(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            assertThat(sent).isBetween(before, OffsetDateTime.now().plusSeconds(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> this.ports.activeConnections("time") == 1);
            client.send("still there?\r\n");
            assertThat(this.ports.activeConnections("time")).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> this.ports.activeConnections("time") == 0);
    }
}
