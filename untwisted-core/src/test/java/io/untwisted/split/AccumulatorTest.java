package io.untwisted.split;

import io.untwisted.event.Events;
import io.untwisted.testing.EmbeddedSuperSocket;
import io.untwisted.testsupport.Chunks;
import io.untwisted.testsupport.Property;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccumulatorTest {

    @Test
    void drivesEverythingOnceTheSourceClosesOrOverflowsPastItsMaximum() {
        Property.forAll(300, random -> {
            int max = 1 + random.nextInt(100);
            byte[] stream = Chunks.bytes(random, random.nextInt(150));

            try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
                Accumulator accumulator = Accumulator.install(peer.socket(), max);
                peer.record(Accumulator.DONE, Events.OVERFLOW, Events.CLOSE);
                for (byte[] chunk : Chunks.cut(random, stream)) {
                    peer.feed(chunk);
                    assertThat(accumulator.buffered()).isLessThanOrEqualTo(max);
                }
                peer.feedEnd();

                if (stream.length <= max) {
                    assertThat(peer.recorder().keys()).containsExactly(Accumulator.DONE, Events.CLOSE);
                    assertThat(peer.events(Accumulator.DONE).get(0).<byte[]>arg(0)).isEqualTo(stream);
                }
                else {
                    assertThat(peer.recorder().keys()).containsExactly(Events.OVERFLOW, Events.CLOSE);
                }
            }
        });
    }

    @Test
    void dataShowsWhatArrivedSoFar() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            Accumulator accumulator = Accumulator.install(peer.socket(), 10);
            peer.feed("abc").feed("de");
            assertThat(accumulator.data()).containsExactly('a', 'b', 'c', 'd', 'e');
        }
    }
}
