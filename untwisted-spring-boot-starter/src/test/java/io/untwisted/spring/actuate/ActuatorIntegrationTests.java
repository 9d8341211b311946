package io.untwisted.spring.actuate;

import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.untwisted.net.SuperSocket;
import io.untwisted.spring.annotation.OnEvent;
import io.untwisted.spring.annotation.SocketServer;
import io.untwisted.spring.testsupport.TestClient;
import io.untwisted.split.Terminator;
import io.untwisted.testsupport.HttpGet;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Boot web application with only the starter, Actuator and one annotated bean: it serves
 * clients, and its meters, health and servers are visible over HTTP.
 */
@SpringBootTest(classes = ActuatorIntegrationTests.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "management.endpoints.web.exposure.include=health,metrics,untwisted",
                "management.endpoint.health.show-details=always" })
@DirtiesContext
class ActuatorIntegrationTests {

    @LocalServerPort
    private int httpPort;

    @Value("${local.untwisted.servers.greeter.port}")
    private int port;

    @Test
    void shouldShowMetersAtActuatorMetrics() throws Exception {
        int lines = 4;
        try (TestClient client = TestClient.connect(this.port)) {
            for (int i = 0; i < lines; i++) {
                client.sendLine("bob" + i);
                assertThat(client.readLine()).isEqualTo("hello bob" + i);
            }
        }
        String names = get("/actuator/metrics");
        assertThat(JsonPath.<List<String>>read(names, "$.names")).contains("untwisted.events", "untwisted.handler",
                "untwisted.connections.active", "untwisted.connections.opened", "untwisted.connections.closed",
                "untwisted.data.received", "untwisted.data.sent", "untwisted.frames.rejected", "untwisted.write.paused",
                "untwisted.reactor.tasks.pending", "untwisted.reactor.sockets");
        String events = get("/actuator/metrics/untwisted.events?tag=server:greeter&tag=event:terminator.found");
        assertThat(JsonPath.<Double>read(events, "$.measurements[0].value")).isEqualTo(lines);
    }

    @Test
    void shouldReportHealthUpWithDetails() throws Exception {
        String health = get("/actuator/health/untwisted");
        assertThat(JsonPath.<String>read(health, "$.status")).isEqualTo("UP");
        assertThat(JsonPath.<Map<String, String>>read(health, "$.details.servers")).containsKey("greeter");
        assertThat(JsonPath.<Map<String, String>>read(health, "$.details.reactors")).containsValue("RUNNING");
    }

    @Test
    void shouldListServersAndHandlerMappings() throws Exception {
        String untwisted = get("/actuator/untwisted");
        assertThat(JsonPath.<String>read(untwisted, "$.servers[0].name")).isEqualTo("greeter");
        assertThat(JsonPath.<Integer>read(untwisted, "$.servers[0].port")).isEqualTo(this.port);
        assertThat(JsonPath.<Boolean>read(untwisted, "$.servers[0].bound")).isTrue();
        assertThat(JsonPath.<String>read(untwisted, "$.servers[0].handlers[0].event")).isEqualTo(Terminator.FOUND);
        assertThat(JsonPath.<String>read(untwisted, "$.servers[0].handlers[0].handler")).isEqualTo("greeter#greet");
        String one = get("/actuator/untwisted/greeter");
        assertThat(JsonPath.<String>read(one, "$.address")).endsWith(":" + this.port);
    }

    private String get(String path) throws Exception {
        HttpGet response = HttpGet.get(this.httpPort, path);
        assertThat(response.status()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        Greeter greeter() {
            return new Greeter();
        }
    }

    @SocketServer(name = "greeter", delimiter = "\r\n")
    static class Greeter {
        @OnEvent(Terminator.FOUND)
        String greet(SuperSocket client, String name) {
            return "hello " + name + "\r\n";
        }
    }
}
