package io.untwisted.event;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import io.untwisted.testsupport.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** What a handler failure puts in the log: a bounded slice of the peer's data, and one line a second. */
@Timeout(30)
class HandlerFailureLogTest {

    private static final String SECRET_TAIL = "TAIL-THAT-MUST-NOT-BE-LOGGED";

    @Test
    void shouldShowAtMost64BytesOfTheArgumentsData() {
        byte[] frame = ("A".repeat(100) + SECRET_TAIL).getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        HandlerFailure failure = new HandlerFailure("load", new Object[] {buffer, "B".repeat(50) + SECRET_TAIL, frame},
                e -> { }, new IllegalArgumentException("C".repeat(100) + SECRET_TAIL));

        String message = failure.getMessage();

        assertThat(message).doesNotContain(SECRET_TAIL).contains("\"" + "A".repeat(64) + "\"...")
                .doesNotContain("A".repeat(65)).contains("(" + frame.length + " bytes)").doesNotContain("BBB")
                .contains("(78 chars)").contains("C".repeat(64) + "...").doesNotContain("C".repeat(65));
        assertThat(buffer.position()).as("describing a buffer does not consume it").isZero();
    }

    @Test
    void shouldEscapeControlBytesInsteadOfWritingThemToTheLog() {
        HandlerFailure failure = new HandlerFailure("load", new Object[] {"line\r\nFAKE LOG LINE"}, e -> { },
                new IllegalStateException("boom"));

        assertThat(failure.getMessage()).contains("line\\x0d\\x0aFAKE LOG LINE").doesNotContain("\n");
    }

    @Test
    void shouldLogOneLineASecondPerCauseAndStillDriveEveryError() {
        Dispatcher dispatcher = new Dispatcher();
        AtomicInteger errors = new AtomicInteger();
        dispatcher.on("frame", e -> {
            throw new IllegalStateException("bad frame");
        });
        dispatcher.on(Events.ERROR, e -> errors.incrementAndGet());
        int failures = 10_000;

        try (LogCapture log = LogCapture.start()) {
            long start = System.nanoTime();
            for (int i = 0; i < failures; i++) {
                dispatcher.drive("frame", "payload " + i);
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;

            assertThat(errors).as("every failure is still delivered as ERROR").hasValue(failures);
            assertThat(log.linesWith("WARN", "bad frame", "failed on event 'frame'"))
                    .hasSizeBetween(1, (int) seconds + 2);
        }
    }
}
