package io.untwisted.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.untwisted.demo.support.DemoAppTest;
import io.untwisted.demo.support.LineClient;
import io.untwisted.testsupport.HttpGet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Starts the whole demo application outside the shared test context, uses it, and closes it: the
 * teardown gate then checks that every socket, reactor thread and web-server thread is gone.
 * The other demo tests share one cached context, which lives until the JVM ends.
 */
@Timeout(120)
class DemoShutdownTest {

    @Test
    void closingTheApplicationReleasesEverySocketAndThread() throws Exception {
        String[] properties = DemoAppTest.class.getAnnotation(SpringBootTest.class).properties();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(DemoApplication.class)
                .properties(properties).run()) {
            Environment environment = context.getEnvironment();
            int echo = environment.getRequiredProperty("local.untwisted.servers.echo.port", Integer.class);
            int http = environment.getRequiredProperty("local.server.port", Integer.class);
            try (LineClient client = LineClient.connect(echo)) {
                client.send("still here\r\n");
                assertThat(client.readLine()).isEqualTo("still here");
            }
            assertThat(HttpGet.get(http, "/actuator/health").status()).isEqualTo(200);
        }
    }
}
