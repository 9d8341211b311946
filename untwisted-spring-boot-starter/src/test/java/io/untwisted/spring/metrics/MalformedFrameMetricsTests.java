package io.untwisted.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.untwisted.net.CloseReason;
import io.untwisted.net.SuperServer;
import io.untwisted.reactor.Reactor;
import io.untwisted.split.MalformedFrameException;
import io.untwisted.testing.EmbeddedSuperSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A malformed frame (a negative length header, a bare LF in strict CRLF) closes its connection
 * without an OVERFLOW; it still counts as a rejected frame, besides the close and its cause.
 */
@Timeout(30)
class MalformedFrameMetricsTests {

    @Test
    void shouldCountAMalformedFrameCloseAsARejectedFrameAndAProtocolError() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Reactor reactor = new Reactor("malformed-metrics"); EmbeddedSuperSocket connection = new EmbeddedSuperSocket()) {
            reactor.start();
            SuperServer server = SuperServer.listen(reactor, new InetSocketAddress("127.0.0.1", 0), listener -> {
            });
            MicrometerServerInstrumentation metrics = new MicrometerServerInstrumentation(registry, "strict", server,
                    List.of());

            metrics.closed(connection.socket(), CloseReason.ERROR, new MalformedFrameException("bare LF at offset 4"));

            assertThat(registry.get(UntwistedMeters.FRAMES_REJECTED.getName()).tag("server", "strict")
                    .tag("reason", "malformed").counter().count()).isEqualTo(1);
            assertThat(registry.get(UntwistedMeters.FRAMES_REJECTED.getName()).tag("server", "strict")
                    .tag("reason", "too_long").counter().count()).isZero();
            assertThat(registry.get(UntwistedMeters.CONNECTIONS_CLOSED.getName()).tag("server", "strict")
                    .tag("reason", "error").tag("cause", "protocol_error").counter().count()).isEqualTo(1);
            server.close();
        }
    }
}
