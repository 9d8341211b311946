package io.untwisted.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The demo: the seed's servers (echo, chat, calc, time, exec) and a small Redis server, each an
 * annotated {@code @SocketServer} bean on the starter's reactor group, with Actuator and
 * Prometheus on HTTP port 8080.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DemoApplication {

    /** Starts the demo. */
    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }
}
