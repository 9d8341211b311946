package io.untwisted.split;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;

import io.untwisted.event.Events;
import io.untwisted.testing.EmbeddedSuperSocket;
import io.untwisted.testing.RecordedEvent;
import io.untwisted.testsupport.Chunks;
import io.untwisted.testsupport.Property;

import org.junit.jupiter.api.Test;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

class AccUntilTest {

    private static final byte[] ALPHABET = "ab\r\n".getBytes(ISO_8859_1);

    @Test
    void anyChunkingGivesTheSameHeadAndLosesNoByteAfterIt() {
        Property.forAll(300, random -> {
            byte[] head = Chunks.bytes(random, random.nextInt(60), ALPHABET);
            String text = new String(head, ISO_8859_1);
            if (text.contains("\r\n\r\n") || text.endsWith("\r") || text.endsWith("\r\n") || text.endsWith("\r\n\r")) {
                return;
            }
            byte[] body = Chunks.bytes(random, random.nextInt(60), ALPHABET);
            byte[] stream = (text + "\r\n\r\n" + new String(body, ISO_8859_1)).getBytes(ISO_8859_1);

            try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
                peer.record(Events.LOAD);
                AccUntil accUntil = AccUntil.install(peer.socket(), 64);
                peer.record(AccUntil.DONE);
                for (byte[] chunk : Chunks.cut(random, stream)) {
                    peer.feed(chunk);
                    assertThat(accUntil.buffered()).isLessThanOrEqualTo(64 + 3);
                }

                List<RecordedEvent> done = peer.events(AccUntil.DONE);
                assertThat(done).hasSize(1);
                assertThat(done.get(0).<byte[]>arg(0)).isEqualTo(head);
                ByteArrayOutputStream after = new ByteArrayOutputStream();
                byte[] rest = done.get(0).arg(1);
                after.write(rest, 0, rest.length);
                List<RecordedEvent> all = peer.recorder().events();
                for (RecordedEvent event : all.subList(all.indexOf(done.get(0)) + 1, all.size())) {
                    byte[] load = event.arg(0);
                    after.write(load, 0, load.length);
                }
                assertThat(after.toByteArray()).isEqualTo(body);
                assertThat(accUntil.isActive()).isFalse();
            }
        });
    }

    @Test
    void restFeedsTheNextSplitter() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            AccUntil.install(peer.socket(), 1024);
            peer.socket().on(AccUntil.DONE, e -> {
                Fixed fixed = Fixed.install(peer.socket(), 3);
                fixed.feed(ByteBuffer.wrap(e.<byte[]>arg(1)));
            });
            peer.record(AccUntil.DONE, Fixed.FOUND);

            peer.feed("GET / HTTP/1.0\r\nHost: x\r\n\r\nabcde").feed("f");

            assertThat(new String(peer.events(AccUntil.DONE).get(0).<byte[]>arg(0), ISO_8859_1))
                    .isEqualTo("GET / HTTP/1.0\r\nHost: x");
            assertThat(peer.recorder().<byte[]>args(Fixed.FOUND, 0))
                    .containsExactly("abc".getBytes(ISO_8859_1), "def".getBytes(ISO_8859_1));
        }
    }

    @Test
    void aHeadOverTheMaximumOverflowsAndCloses() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            AccUntil accUntil = AccUntil.install(peer.socket(), "\n\n", 10);
            peer.record(Events.OVERFLOW, AccUntil.DONE);

            peer.feed("0123456789").feed("a").feed("b\n\n");

            assertThat(peer.events(Events.OVERFLOW)).hasSize(1);
            assertThat(peer.events(AccUntil.DONE)).isEmpty();
            assertThat(peer.isClosed()).isTrue();
            assertThat(accUntil.buffered()).isZero();
        }
    }
}
