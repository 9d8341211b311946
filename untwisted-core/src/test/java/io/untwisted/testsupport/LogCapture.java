package io.untwisted.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Captures what the test binding of SLF4J (slf4j-simple, which writes to {@code System.err}) logs
 * while it is open, and still passes it through. Lines of other threads are captured too: filter
 * by logger or content.
 */
public final class LogCapture implements AutoCloseable {

    private final PrintStream original;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private LogCapture() {
        this.original = System.err;
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (LogCapture.this.captured) {
                    LogCapture.this.captured.write(b);
                }
                LogCapture.this.original.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                synchronized (LogCapture.this.captured) {
                    LogCapture.this.captured.write(bytes, offset, length);
                }
                LogCapture.this.original.write(bytes, offset, length);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** Starts capturing. */
    public static LogCapture start() {
        return new LogCapture();
    }

    /** Every line captured so far. */
    public List<String> lines() {
        String text;
        synchronized (this.captured) {
            text = this.captured.toString(StandardCharsets.UTF_8);
        }
        return Arrays.asList(text.split("\n"));
    }

    /** The captured lines that contain every one of {@code parts}. */
    public List<String> linesWith(String... parts) {
        return lines().stream().filter(line -> Arrays.stream(parts).allMatch(line::contains)).collect(Collectors.toList());
    }

    @Override
    public void close() {
        System.err.flush();
        System.setErr(this.original);
    }
}
