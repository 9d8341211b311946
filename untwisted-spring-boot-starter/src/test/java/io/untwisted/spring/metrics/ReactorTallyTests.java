package io.untwisted.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.untwisted.event.Events;
import io.untwisted.net.NetObserver;
import io.untwisted.net.SuperServer;
import io.untwisted.net.SuperSocket;
import io.untwisted.reactor.Reactor;
import io.untwisted.split.FrameTooLongException;
import io.untwisted.testing.EmbeddedSuperSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A reactor's tally of a server's connections: events and bytes reach the server's counters once
 * the loop phase they happened in is over, every one of them; rare events at once.
 */
@Timeout(30)
class ReactorTallyTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Reactor serverReactor;
    private SuperServer server;
    private MicrometerServerInstrumentation metrics;

    @BeforeEach
    void bind() throws Exception {
        this.serverReactor = new Reactor("tally-server");
        this.serverReactor.start();
        this.server = SuperServer.listen(this.serverReactor, new InetSocketAddress("127.0.0.1", 0), listener -> {
        });
        this.metrics = new MicrometerServerInstrumentation(this.registry, "tally", this.server, List.of());
    }

    @AfterEach
    void close() {
        this.server.close();
        this.serverReactor.close();
    }

    @Test
    void shouldGiveEachReactorItsOwnTally() {
        try (EmbeddedSuperSocket first = new EmbeddedSuperSocket(); EmbeddedSuperSocket second = new EmbeddedSuperSocket()) {
            NetObserver one = this.metrics.observer(first.reactor());
            assertThat(one).isInstanceOf(ReactorTally.class).isNotSameAs(this.metrics.observer())
                    .isNotSameAs(this.metrics.observer(second.reactor()));
        }
    }

    @Test
    void shouldAddEventsAndBytesToTheCountersWhenTheLoopPhaseEnds() {
        try (EmbeddedSuperSocket connection = new EmbeddedSuperSocket()) {
            NetObserver tally = this.metrics.observer(connection.reactor());
            SuperSocket socket = connection.socket();

            tally.received(socket, 5);
            tally.driven(socket, Events.LOAD, new Object[0]);
            tally.driven(socket, Events.LOAD, new Object[0]);
            tally.driven(socket, "not-a-bound-event", new Object[0]);
            tally.sent(socket, 7);

            assertThat(events(Events.LOAD)).as("before the phase ends").isZero();
            assertThat(bytes(UntwistedMeters.DATA_RECEIVED)).isZero();
            connection.runPendingTasks();
            assertThat(events(Events.LOAD)).isEqualTo(2);
            assertThat(events(UntwistedMeters.OTHER_EVENT)).isEqualTo(1);
            assertThat(bytes(UntwistedMeters.DATA_RECEIVED)).isEqualTo(5);
            assertThat(bytes(UntwistedMeters.DATA_SENT)).isEqualTo(7);

            tally.driven(socket, Events.LOAD, new Object[0]);
            tally.received(socket, 3);
            connection.runPendingTasks();
            assertThat(events(Events.LOAD)).as("counted again after a flush").isEqualTo(3);
            assertThat(bytes(UntwistedMeters.DATA_RECEIVED)).isEqualTo(8);
            assertThat(bytes(UntwistedMeters.DATA_SENT)).isEqualTo(7);
        }
    }

    @Test
    void shouldCountTrafficThroughTheSocketsReadAndWritePaths() {
        try (EmbeddedSuperSocket connection = new EmbeddedSuperSocket()) {
            SuperSocket socket = connection.socket();
            socket.observer(this.metrics.observer(connection.reactor()));
            socket.onLoad((s, data) -> s.dump(data));

            connection.feed("hello").feed("world!");

            assertThat(connection.readOutboundString()).isEqualTo("helloworld!");
            assertThat(events(Events.LOAD)).isEqualTo(2);
            assertThat(bytes(UntwistedMeters.DATA_RECEIVED)).isEqualTo(11);
            assertThat(bytes(UntwistedMeters.DATA_SENT)).isEqualTo(11);
        }
    }

    @Test
    void shouldCountARejectedFrameAtOnce() {
        try (EmbeddedSuperSocket connection = new EmbeddedSuperSocket()) {
            NetObserver tally = this.metrics.observer(connection.reactor());

            tally.driven(connection.socket(), Events.OVERFLOW, new Object[] {new FrameTooLongException(10, 5)});

            assertThat(this.registry.get(UntwistedMeters.FRAMES_REJECTED.getName()).tag("reason", "too_long")
                    .counter().count()).isEqualTo(1);
            connection.runPendingTasks();
            assertThat(events(Events.OVERFLOW)).isEqualTo(1);
        }
    }

    private double events(String event) {
        return this.registry.get(UntwistedMeters.EVENTS.getName()).tag("server", "tally").tag("event", event)
                .counter().count();
    }

    private double bytes(UntwistedMeters meter) {
        return this.registry.get(meter.getName()).tag("server", "tally").counter().count();
    }
}
