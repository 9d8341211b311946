package io.untwisted.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Records a measured figure of a reliability-matrix row (time to close, peak retained bytes, p99
 * of a fast client, ...) so that a run leaves every row's figures in one file per module.
 *
 * <p>Each call appends one tab-separated line {@code row, figure, value, unit, test class} to
 * {@code target/reliability/figures.tsv} of the module under test (the directory can be moved
 * with {@code -Duntwisted.figures.dir=...}). {@code scripts/reliability-table.sh} turns the
 * files of all modules into the README's table.
 */
public final class Figures {

    private static final Object LOCK = new Object();

    private Figures() {
    }

    /**
     * Appends one figure.
     *
     * @param row    the matrix row, such as {@code F1} or {@code B7}
     * @param figure what was measured, such as {@code time to close}
     * @param value  the measured value
     * @param unit   its unit, such as {@code ms}, {@code bytes}, {@code %}
     */
    public static void record(String row, String figure, double value, String unit) {
        String caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .getCallerClass().getSimpleName();
        String line = String.join("\t", row, figure, format(value), unit, caller) + "\n";
        Path file = directory().resolve("figures.tsv");
        synchronized (LOCK) {
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, line, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            catch (IOException ex) {
                throw new UncheckedIOException("cannot record figure " + row + " " + figure, ex);
            }
        }
    }

    private static Path directory() {
        return Path.of(System.getProperty("untwisted.figures.dir", "target/reliability"));
    }

    private static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
