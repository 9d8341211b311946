package io.untwisted.split;

import io.untwisted.event.Events;
import io.untwisted.net.CloseReason;
import io.untwisted.testing.EmbeddedSuperSocket;
import io.untwisted.testing.RecordedEvent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Row F6 of the reliability matrix: in a CRLF protocol a lone LF is never a frame boundary. By
 * default it is data; a strict CRLF terminator rejects it (and a bare CR) as a malformed frame.
 */
@Timeout(30)
class TerminatorStrictCrlfTest {

    @Test
    void byDefaultALoneLineFeedIsDataNeverABoundary() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            Terminator.install(peer.socket());
            peer.record(Terminator.FOUND, Events.CLOSE);

            peer.feed("MAIL FROM:<a>\n.\nRCPT TO:<b>\r\n");

            assertThat(peer.recorder().<byte[]>args(Terminator.FOUND, 0))
                    .containsExactly("MAIL FROM:<a>\n.\nRCPT TO:<b>".getBytes());
            assertThat(peer.isClosed()).isFalse();
        }
    }

    @Test
    void strictModeClosesAtABareLineFeedWithAMalformedFrame() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            Terminator terminator = Terminator.installStrictCrlf(peer.socket(), 1024, OverflowAction.DISCARD);
            peer.record(Terminator.FOUND, Events.OVERFLOW, Events.CLOSE);

            peer.feed("HELO a\r\nDATA\n.\n").feed("\r\nQUIT\r\n");

            assertThat(terminator.isStrictCrlf()).isTrue();
            assertThat(peer.recorder().<byte[]>args(Terminator.FOUND, 0)).containsExactly("HELO a".getBytes());
            assertThat(peer.events(Events.OVERFLOW)).isEmpty();
            RecordedEvent close = peer.events(Events.CLOSE).get(0);
            assertThat(close.<CloseReason>arg(0)).isEqualTo(CloseReason.ERROR);
            assertThat(close.<Throwable>arg(1)).isInstanceOf(MalformedFrameException.class)
                    .hasMessageContaining("bare LF at offset 4");
            assertThat(terminator.isActive()).isFalse();
        }
    }

    @Test
    void strictModeRejectsABareCarriageReturnToo() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            Terminator.installStrictCrlf(peer.socket(), 1024, OverflowAction.CLOSE);
            peer.record(Terminator.FOUND, Events.CLOSE);

            peer.feed("a\r").feed("b\r\r\n");

            assertThat(peer.events(Terminator.FOUND)).isEmpty();
            assertThat(peer.events(Events.CLOSE).get(0).<Throwable>arg(1)).hasMessageContaining("bare CR at offset 1");
        }
    }

    @Test
    void strictModeDeliversCleanLinesWhateverTheChunking() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            Terminator.installStrictCrlf(peer.socket(), 1024, OverflowAction.CLOSE);
            peer.record(Terminator.FOUND);

            peer.feed("one\r").feed("\ntwo\r\n\r").feed("\n");

            assertThat(peer.recorder().<byte[]>args(Terminator.FOUND, 0))
                    .containsExactly("one".getBytes(), "two".getBytes(), new byte[0]);
            assertThat(peer.isClosed()).isFalse();
        }
    }

    @Test
    void strictModeOnAnotherSourceDrivesErrorWithTheCause() {
        io.untwisted.event.Dispatcher source = new io.untwisted.event.Dispatcher();
        java.util.List<Object> errors = new java.util.ArrayList<>();
        source.on(Events.ERROR, e -> errors.add(e.arg(0)));
        Terminator terminator = Terminator.installStrictCrlf(source, 64, OverflowAction.CLOSE);

        source.drive(Events.LOAD, java.nio.ByteBuffer.wrap("x\ny\r\n".getBytes()));

        assertThat(errors).singleElement().isInstanceOf(MalformedFrameException.class);
        assertThat(terminator.isActive()).isFalse();
    }
}
