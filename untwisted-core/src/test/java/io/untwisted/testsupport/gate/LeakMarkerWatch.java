package io.untwisted.testsupport.gate;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the {@value #MARKER} lines written to {@code System.out} and {@code System.err}: a
 * reactor that ends with pooled buffers still lent out logs such a line, and the gate fails the
 * test class that caused it.
 */
final class LeakMarkerWatch {

    static final String MARKER = "LEAK:";

    private static final AtomicInteger SEEN = new AtomicInteger();
    private static boolean installed;

    private LeakMarkerWatch() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        System.setOut(watching(System.out));
        System.setErr(watching(System.err));
    }

    static int seen() {
        return SEEN.get();
    }

    private static PrintStream watching(PrintStream target) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                target.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                target.write(bytes, offset, length);
                if (new String(bytes, offset, length, StandardCharsets.UTF_8).contains(MARKER)) {
                    SEEN.incrementAndGet();
                }
            }

            @Override
            public void flush() {
                target.flush();
            }
        }, true, StandardCharsets.UTF_8);
    }
}
