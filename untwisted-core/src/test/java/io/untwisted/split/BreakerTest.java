package io.untwisted.split;

import java.util.List;
import java.util.Set;

import io.untwisted.event.Events;
import io.untwisted.testing.EmbeddedSuperSocket;

import org.junit.jupiter.api.Test;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

class BreakerTest {

    @Test
    void drivesAKnownCommandWithItsArguments() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            Terminator.install(peer.socket());
            Breaker.install(peer.socket(), Set.of("add", "quit"));
            peer.record("add", "quit");

            peer.feed("add 1 2 3\r\nquit\r\n");

            assertThat(peer.events("add").get(0).<List<String>>arg(0)).containsExactly("1", "2", "3");
            assertThat(peer.events("quit").get(0).<List<String>>arg(0)).isEmpty();
        }
    }

    @Test
    void aPeerCannotDriveAnEventThatIsNotACommand() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            Terminator.install(peer.socket());
            Breaker.install(peer.socket(), Set.of("add"));
            peer.record(Breaker.UNKNOWN, Events.CLOSE, Events.ERROR);

            peer.feed("close now\r\n\r\n");

            assertThat(peer.recorder().keys()).containsExactly(Breaker.UNKNOWN, Breaker.UNKNOWN);
            assertThat(peer.events(Breaker.UNKNOWN).get(0).<String>arg(0)).isEqualTo("close");
            assertThat(peer.events(Breaker.UNKNOWN).get(0).<List<String>>arg(1)).containsExactly("now");
            assertThat(peer.events(Breaker.UNKNOWN).get(1).<String>arg(0)).isEmpty();
            assertThat(peer.socket().isOpen()).isTrue();
        }
    }

    @Test
    void keepsEmptyArgumentsAndWorksOnOtherFrameEvents() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            LengthPrefixed.install(peer.socket(), 1, 100);
            Breaker breaker = Breaker.install(peer.socket(), LengthPrefixed.FOUND, ",", Set.of("set"));
            peer.record("set");

            peer.feed(LengthPrefixed.encode(1, "set,a,,b".getBytes(UTF_8)));
            breaker.uninstall();
            peer.feed(LengthPrefixed.encode(1, "set,c".getBytes(UTF_8)));

            assertThat(peer.recorder().<List<String>>args("set", 0)).containsExactly(List.of("a", "", "b"));
        }
    }
}
