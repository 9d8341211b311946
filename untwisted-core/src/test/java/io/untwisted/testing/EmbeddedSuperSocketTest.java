package io.untwisted.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.untwisted.event.Events;
import io.untwisted.net.CloseReason;
import io.untwisted.net.WriteWatermarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EmbeddedSuperSocketTest {

    @Test
    void eachFedChunkIsOneLoadAndHandlersRunBeforeFeedReturns() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            peer.record(Events.LOAD);

            peer.feed("ab".getBytes(StandardCharsets.UTF_8), "cde".getBytes(StandardCharsets.UTF_8));

            assertThat(peer.recorder().<byte[]>args(Events.LOAD, 0))
                    .containsExactly("ab".getBytes(StandardCharsets.UTF_8), "cde".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void dumpedBytesAreReadBackInOrderAndDumpedIsDriven() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            peer.socket().onLoad((socket, data) -> {
                socket.dump("echo:");
                socket.dump(data);
            });
            peer.record(Events.DUMPED);

            peer.feed("hi");

            assertThat(peer.readOutboundString()).isEqualTo("echo:hi");
            assertThat(peer.events(Events.DUMPED)).hasSize(1);
            assertThat(peer.readOutbound()).isEmpty();
        }
    }

    @Test
    void timersFireWhenTheManualClockPassesTheirDeadline() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            List<String> fired = new ArrayList<>();
            peer.reactor().after(Duration.ofSeconds(5), () -> fired.add("after"));
            peer.reactor().every(Duration.ofSeconds(2), () -> fired.add("every"));

            peer.advanceTimeBy(Duration.ofSeconds(1));
            assertThat(fired).isEmpty();
            peer.advanceTimeBy(Duration.ofSeconds(1));
            assertThat(fired).containsExactly("every");
            peer.advanceTimeBy(Duration.ofSeconds(3));
            assertThat(fired).containsExactly("every", "every", "after");
        }
    }

    @Test
    void workQueuedByOtherThreadsRunsAtTheNextRunPendingTasks() throws Exception {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            peer.record("custom");
            CompletableFuture.runAsync(() -> {
                peer.socket().drive("custom", 42);
                peer.socket().dump("from elsewhere");
            }).get(30, TimeUnit.SECONDS);

            assertThat(peer.events("custom")).isEmpty();
            peer.runPendingTasks();

            assertThat(peer.events("custom").get(0).<Integer>arg(0)).isEqualTo(42);
            assertThat(peer.readOutboundString()).isEqualTo("from elsewhere");
        }
    }

    @Test
    void aFullPeerWindowPausesReadingUntilThePeerReads() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            peer.socket().watermarks(new WriteWatermarks(4, 8, 1024));
            peer.peerWindow(0);
            peer.record(Events.LOAD, Events.PAUSED, Events.RESUMED);
            peer.socket().onLoad((socket, data) -> socket.dump(data));

            peer.feed("0123456789").feed("more");

            assertThat(peer.socket().isReadPaused()).isTrue();
            assertThat(peer.hasUnreadInbound()).isTrue();
            assertThat(peer.recorder().keys()).containsExactly(Events.LOAD, Events.PAUSED);

            peer.peerWindow(EmbeddedSuperSocket.DEFAULT_PEER_WINDOW);
            assertThat(peer.readOutboundString()).isEqualTo("0123456789more");
            assertThat(peer.recorder().keys()).containsExactly(Events.LOAD, Events.PAUSED, Events.RESUMED, Events.LOAD);
            assertThat(peer.hasUnreadInbound()).isFalse();
        }
    }

    @Test
    void theEndOfThePeersStreamClosesTheSocket() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            peer.record(Events.LOAD, Events.CLOSE);

            peer.feed("last words").feedEnd();

            assertThat(peer.recorder().keys()).containsExactly(Events.LOAD, Events.CLOSE);
            assertThat(peer.events(Events.CLOSE).get(0).<CloseReason>arg(0)).isEqualTo(CloseReason.PEER);
            assertThat(peer.isClosed()).isTrue();
            assertThat(peer.socket().isOpen()).isFalse();
        }
    }

    @Test
    void gracefulCloseWaitsForTheQueueAndAbortResets() {
        try (EmbeddedSuperSocket graceful = new EmbeddedSuperSocket();
                EmbeddedSuperSocket aborted = new EmbeddedSuperSocket()) {
            graceful.peerWindow(0);
            graceful.socket().dump("bye");
            graceful.socket().closeGracefully(CloseReason.ERROR, new IllegalStateException("limit"));
            graceful.record(Events.CLOSE);
            graceful.runPendingTasks();
            assertThat(graceful.isClosed()).isFalse();

            graceful.peerWindow(100);
            assertThat(graceful.readOutboundString()).isEqualTo("bye");
            assertThat(graceful.isClosed()).isTrue();
            assertThat(graceful.isReset()).isFalse();
            assertThat(graceful.events(Events.CLOSE).get(0).<Throwable>arg(1)).hasMessage("limit");

            aborted.peerWindow(0);
            aborted.socket().dump("lost");
            aborted.socket().abort();
            assertThat(aborted.isReset()).isTrue();
        }
    }

    @Test
    void shutdownOutputHalfClosesOnceTheQueueIsWritten() {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            peer.socket().dump("done");
            peer.socket().shutdownOutput();

            assertThat(peer.readOutboundString()).isEqualTo("done");
            assertThat(peer.isOutputShutdown()).isTrue();
            assertThat(peer.isClosed()).isFalse();
        }
    }

    @Test
    void closingItClosesTheSocketWithShutdown() {
        EmbeddedSuperSocket peer = new EmbeddedSuperSocket();
        peer.record(Events.CLOSE);

        peer.close();

        assertThat(peer.events(Events.CLOSE).get(0).<CloseReason>arg(0)).isEqualTo(CloseReason.SHUTDOWN);
        assertThat(peer.reactor().state()).hasToString("TERMINATED");
    }

    @Test
    void recorderKeepsItsBound() {
        RecordingHandler recorder = new RecordingHandler(2);
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            peer.socket().on(Events.LOAD, recorder);
            peer.feed("a").feed("b").feed("c");
        }
        assertThat(recorder.events()).hasSize(2);
        assertThat(recorder.dropped()).isEqualTo(1);
        assertThatIllegalArgumentException().isThrownBy(() -> new RecordingHandler(0));
    }

    @Test
    void manualClockOnlyMovesForward() {
        ManualClock clock = new ManualClock(5);
        clock.advance(Duration.ofNanos(10));
        assertThat(clock.nanoTime()).isEqualTo(15);
        assertThatIllegalArgumentException().isThrownBy(() -> clock.advance(Duration.ofNanos(-1)));
    }
}
