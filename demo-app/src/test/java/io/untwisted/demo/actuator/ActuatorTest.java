package io.untwisted.demo.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.untwisted.demo.support.DemoAppTest;
import io.untwisted.demo.support.DemoPorts;
import io.untwisted.demo.support.LineClient;
import io.untwisted.demo.support.PrometheusScrape;
import io.untwisted.testsupport.HttpGet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Health, Prometheus and the untwisted endpoint over HTTP, as an operator would read them. */
@DemoAppTest
class ActuatorTest {

    static final List<String> SERVERS = List.of("echo", "chat", "calc", "time", "exec", "redis");

    @Autowired
    private DemoPorts ports;

    @LocalServerPort
    private int httpPort;

    /** Opens and closes one connection to every server, so that each has traffic to count. */
    @BeforeEach
    void touchEveryServer() throws Exception {
        for (String server : SERVERS) {
            try (LineClient client = LineClient.connect(this.ports.port(server))) {
                client.send(server.equals("redis") ? "PING\r\n" : "\n");
            }
        }
        for (String server : SERVERS) {
            await().atMost(Duration.ofSeconds(20)).until(() -> this.ports.activeConnections(server) == 0);
        }
    }

    @Test
    void healthShowsTheUntwistedIndicator() throws Exception {
        HttpGet health = HttpGet.get(this.httpPort, "/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"untwisted\":{");
    }

    @Test
    void prometheusHasEveryUntwistedSeriesForEveryServer() throws Exception {
        HttpGet response = HttpGet.get(this.httpPort, "/actuator/prometheus");
        assertThat(response.status()).isEqualTo(200);
        PrometheusScrape scrape = new PrometheusScrape(response.body());
        Set<String> families = new TreeSet<>();
        for (PrometheusScrape.Sample sample : scrape.samples()) {
            if (sample.name().startsWith("untwisted_") && sample.labels().containsKey("server")) {
                families.add(family(sample.name()));
            }
        }
        for (String meter : List.of("events", "handler", "connections_active", "connections_opened",
                "connections_closed", "data_received", "data_sent", "frames_rejected", "write_paused")) {
            assertThat(families).as("the families in the scrape").anyMatch(f -> f.startsWith("untwisted_" + meter));
        }
        for (String server : SERVERS) {
            for (String family : families) {
                assertThat(scrape.samples()).as(family + " of server " + server)
                        .anyMatch(s -> family(s.name()).equals(family) && server.equals(s.labels().get("server")));
            }
            assertThat(scrape.samples()).as("connections opened on " + server).anyMatch(s -> s.value() > 0
                    && s.name().startsWith("untwisted_connections_opened") && server.equals(s.labels().get("server")));
        }
    }

    /** A sample's metric family: its name without the suffixes Prometheus adds to counters and timers. */
    private static String family(String name) {
        return name.replaceFirst("_(total|count|sum|max|bucket|created)$", "");
    }

    @Test
    void theUntwistedEndpointListsServersAndHandlers() throws Exception {
        HttpGet response = HttpGet.get(this.httpPort, "/actuator/untwisted");
        assertThat(response.status()).isEqualTo(200);
        for (String server : SERVERS) {
            assertThat(response.body()).contains("\"" + server + "\"");
        }
        assertThat(response.body()).contains("chatServer#line").contains("redisServer#request")
                .contains("execServer#close").contains("terminator.found").contains("resp.found");
    }

    @Test
    void theMetricsEndpointShowsTheEventCounter() throws Exception {
        HttpGet response = HttpGet.get(this.httpPort, "/actuator/metrics/untwisted.events");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"name\":\"untwisted.events\"").contains("\"server\"");
    }
}
