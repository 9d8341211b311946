package io.untwisted.net.tls;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Captures what slf4j-simple (the tests' logger, which writes to {@code System.err} as it is at
 * each call) logs while it is open, and still passes it on to the real {@code System.err}.
 */
final class LogCapture implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    LogCapture() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (LogCapture.this.captured) {
                    LogCapture.this.captured.write(b, off, len);
                }
                LogCapture.this.original.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** The captured lines that contain {@code marker}. */
    List<String> lines(String marker) {
        String text;
        synchronized (this.captured) {
            text = this.captured.toString(StandardCharsets.UTF_8);
        }
        return Arrays.stream(text.split("\n")).filter(line -> line.contains(marker)).toList();
    }

    /** The WARN lines of the handshake-failure log. */
    List<String> handshakeWarnings() {
        return lines("WARN").stream().filter(line -> line.contains(HandshakeFailureLog.class.getName())).toList();
    }

    @Override
    public void close() {
        System.err.flush();
        System.setErr(this.original);
    }
}
