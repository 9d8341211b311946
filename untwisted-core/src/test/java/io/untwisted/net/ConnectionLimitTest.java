package io.untwisted.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.untwisted.reactor.Reactor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** B8 arithmetic: the effective maximum is the configured one, lowered to the fd limit minus the reserve. */
@Timeout(30)
class ConnectionLimitTest {

    @Test
    void shouldLowerTheMaximumToTheFdLimitMinusTheReserve() {
        assertThat(ConnectionLimit.clamp(10_000, 256, 32)).isEqualTo(224);
        assertThat(ConnectionLimit.clamp(Integer.MAX_VALUE, 20_000, 32)).isEqualTo(19_968);
    }

    @Test
    void shouldKeepAMaximumBelowTheFdLimit() {
        assertThat(ConnectionLimit.clamp(100, 20_000, 32)).isEqualTo(100);
        assertThat(ConnectionLimit.clamp(224, 256, 32)).isEqualTo(224);
    }

    @Test
    void shouldKeepTheConfiguredMaximumWhenTheFdLimitIsUnknown() {
        assertThat(ConnectionLimit.clamp(100, -1, 32)).isEqualTo(100);
        assertThat(ConnectionLimit.clamp(Integer.MAX_VALUE, 0, 32)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void shouldAllowAtLeastOneConnectionWhenTheReserveTakesEverything() {
        assertThat(ConnectionLimit.clamp(100, 20, 32)).isEqualTo(1);
        assertThat(ConnectionLimit.clamp(100, 32, 32)).isEqualTo(1);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void shouldReadTheSoftFdLimitOfThisProcess() throws IOException {
        Matcher limit = Pattern.compile("Max open files\\s+(\\d+)").matcher(Files.readString(Path.of("/proc/self/limits")));
        assertThat(limit.find()).isTrue();
        assertThat(ConnectionLimit.fileDescriptorLimit()).isEqualTo(Long.parseLong(limit.group(1)));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void shouldClampAServerWhenItStarts() throws Exception {
        long fdLimit = ConnectionLimit.fileDescriptorLimit();
        try (Reactor reactor = new Reactor("clamp")) {
            reactor.start();
            SuperServer unlimited = SuperServer.bind(reactor, new InetSocketAddress("127.0.0.1", 0));
            SuperServer tooMany = SuperServer.bind(reactor, new InetSocketAddress("127.0.0.1", 0))
                    .maxConnections(Integer.MAX_VALUE - 1);
            SuperServer few = SuperServer.bind(reactor, new InetSocketAddress("127.0.0.1", 0)).maxConnections(10);
            assertThat(unlimited.effectiveMaxConnections()).isEqualTo(Integer.MAX_VALUE);
            unlimited.start();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> unlimited.effectiveMaxConnections() == (int) (fdLimit - ConnectionLimit.FD_RESERVE));
            assertThat(tooMany.effectiveMaxConnections()).isEqualTo((int) (fdLimit - ConnectionLimit.FD_RESERVE));
            assertThat(few.effectiveMaxConnections()).isEqualTo(10);
            unlimited.close();
            tooMany.close();
            few.close();
        }
    }
}
