package io.untwisted.spring.autoconfigure;

import java.net.ServerSocket;
import java.time.Duration;

import io.untwisted.net.WriteWatermarks;
import io.untwisted.spring.annotation.ErrorPolicy;
import io.untwisted.spring.annotation.SocketServer;
import io.untwisted.spring.context.ServerSettings;
import io.untwisted.spring.context.UntwistedServerRegistry;
import io.untwisted.spring.testsupport.Runners;
import org.junit.jupiter.api.Test;

import static io.untwisted.spring.testsupport.Failures.startupFailure;
import static org.assertj.core.api.Assertions.assertThat;

class PropertiesServerSettingsResolverTests {

    @Test
    void shouldUseAnnotationAttributesWithPlaceholdersResolved() {
        Runners.untwisted().withBean("annotated", Annotated.class)
                .withPropertyValues("test.idle=2s", "test.port=0")
                .run(context -> {
                    ServerSettings settings = settings(context, "annotated");
                    assertThat(settings.host()).isEqualTo("127.0.0.1");
                    assertThat(settings.port()).isZero();
                    assertThat(settings.backlog()).isEqualTo(7);
                    assertThat(settings.delimiter()).isEqualTo(";");
                    assertThat(settings.maxFrameLength()).isEqualTo(100);
                    assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(settings.maxConnections()).isEqualTo(3);
                    assertThat(settings.watermarks()).isEqualTo(new WriteWatermarks(1024, 2048, 4096));
                    assertThat(settings.onError()).isEqualTo(ErrorPolicy.KEEP);
                });
    }

    @Test
    void shouldLetPropertiesOverrideEveryAttribute() {
        Runners.untwisted().withBean("annotated", Annotated.class)
                .withPropertyValues("test.idle=2s", "test.port=0",
                        "untwisted.servers.annotated.host=localhost",
                        "untwisted.servers.annotated.port=0",
                        "untwisted.servers.annotated.backlog=9",
                        "untwisted.servers.annotated.delimiter=|",
                        "untwisted.servers.annotated.max-frame-length=2KB",
                        "untwisted.servers.annotated.idle-timeout=5m",
                        "untwisted.servers.annotated.max-connections=11",
                        "untwisted.servers.annotated.on-error=close",
                        "untwisted.servers.annotated.write.low-watermark=10KB",
                        "untwisted.servers.annotated.write.high-watermark=20KB",
                        "untwisted.servers.annotated.write.limit=1MB")
                .run(context -> {
                    ServerSettings settings = settings(context, "annotated");
                    assertThat(settings.host()).isEqualTo("localhost");
                    assertThat(settings.backlog()).isEqualTo(9);
                    assertThat(settings.delimiter()).isEqualTo("|");
                    assertThat(settings.maxFrameLength()).isEqualTo(2048);
                    assertThat(settings.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(settings.maxConnections()).isEqualTo(11);
                    assertThat(settings.watermarks()).isEqualTo(new WriteWatermarks(10240, 20480, 1024 * 1024));
                    assertThat(settings.onError()).isEqualTo(ErrorPolicy.CLOSE);
                });
    }

    @Test
    void shouldUseDefaultsForAPlainServer() {
        Runners.untwisted().withBean("plain", Plain.class).run(context -> {
            ServerSettings settings = settings(context, "plain");
            assertThat(settings.host()).isEmpty();
            assertThat(settings.port()).isZero();
            assertThat(settings.framed()).isFalse();
            assertThat(settings.maxFrameLength()).isEqualTo(64 * 1024);
            assertThat(settings.idleTimeout()).isNull();
            assertThat(settings.maxConnections()).isZero();
            assertThat(settings.watermarks()).isEqualTo(WriteWatermarks.DEFAULT);
            assertThat(settings.onError()).isEqualTo(ErrorPolicy.CLOSE);
        });
    }

    @Test
    void shouldFailStartupWhenPropertiesNameAnUndeclaredServer() {
        Runners.untwisted().withBean("plain", Plain.class).withPropertyValues("untwisted.servers.plian.port=7000")
                .run(context -> assertThat(startupFailure(context)).contains("untwisted.servers.plian is configured, "
                        + "but no @SocketServer bean declares a server named 'plian' (declared: plain)"));
    }

    @Test
    void shouldFailStartupWhenPortIsNotANumber() {
        Runners.untwisted().withBean("annotated", Annotated.class).withPropertyValues("test.idle=2s", "test.port=http")
                .run(context -> assertThat(startupFailure(context))
                        .contains("untwisted server 'annotated': port 'http' is not a port number"));
    }

    @Test
    void shouldFailStartupWhenPlaceholderCannotBeResolved() {
        Runners.untwisted().withBean("annotated", Annotated.class).withPropertyValues("test.idle=2s")
                .run(context -> assertThat(startupFailure(context))
                        .contains("untwisted server 'annotated': port '${test.port}' cannot be resolved"));
    }

    @Test
    void shouldFailStartupWhenPortIsOutOfRange() {
        Runners.untwisted().withBean("plain", Plain.class).withPropertyValues("untwisted.servers.plain.port=70000")
                .run(context -> assertThat(startupFailure(context))
                        .contains("untwisted server 'plain': port must be between 0 and 65535: 70000"));
    }

    @Test
    void shouldFailStartupWhenWatermarksAreInconsistent() {
        Runners.untwisted().withBean("plain", Plain.class)
                .withPropertyValues("untwisted.servers.plain.write.low-watermark=64KB",
                        "untwisted.servers.plain.write.high-watermark=32KB")
                .run(context -> assertThat(startupFailure(context)).contains(
                        "untwisted server 'plain': high watermark must be > 0 and >= low (65536): 32768"));
    }

    @Test
    void shouldFailStartupWhenIdleTimeoutIsNotADuration() {
        Runners.untwisted().withBean("annotated", Annotated.class).withPropertyValues("test.idle=soon", "test.port=0")
                .run(context -> assertThat(startupFailure(context))
                        .contains("untwisted server 'annotated': idle-timeout 'soon' is not a duration such as 30s"));
    }

    @Test
    void shouldFailStartupNamingServerAndPortWhenPortIsInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Runners.untwisted().withBean("plain", Plain.class)
                    .withPropertyValues("untwisted.servers.plain.host=127.0.0.1", "untwisted.servers.plain.port=" + port)
                    .run(context -> assertThat(startupFailure(context)).contains("untwisted server 'plain' cannot listen "
                            + "on port " + port + " of 127.0.0.1: Address already in use"));
        }
    }

    private static ServerSettings settings(org.springframework.context.ApplicationContext context, String name) {
        return context.getBean(UntwistedServerRegistry.class).server(name).settings();
    }

    @SocketServer(name = "annotated", host = "127.0.0.1", port = "${test.port}", backlog = 7, delimiter = ";",
            maxFrameLength = 100, idleTimeout = "${test.idle}", maxConnections = 3, writeLowWatermark = "1KB",
            writeHighWatermark = "2KB", writeLimit = "4KB", onError = ErrorPolicy.KEEP)
    static class Annotated {
    }

    @SocketServer(name = "plain")
    static class Plain {
    }
}
