package io.untwisted.demo.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a child process straight from its argument vector (never through a shell), hands each
 * line of its stdout and stderr to a {@link LineSink} from a reader thread, and completes with
 * its exit code once both streams have ended and the process has exited — so the exit code
 * always comes after the last line.
 *
 * <p>The child's stdin is closed at once. A child that outlives {@code timeout} is killed; so is
 * one whose future is cancelled. Output lines longer than {@code maxLineLength} characters are
 * split. Thread-safe; it reads with two daemon threads per running child, from a pool that
 * {@link #close} shuts down.
 */
public final class ChildProcessRunner implements CommandRunner, AutoCloseable {

    private final ExecutorService readers;
    private final int maxLineLength;

    /** Creates a runner that splits output lines longer than {@code maxLineLength} characters. */
    public ChildProcessRunner(int maxLineLength) {
        if (maxLineLength < 1) {
            throw new IllegalArgumentException("maxLineLength must be >= 1: " + maxLineLength);
        }
        this.maxLineLength = maxLineLength;
        AtomicInteger count = new AtomicInteger();
        this.readers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "exec-reader-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Stops the reader threads; children still running lose their readers and are left to their timeout. */
    @Override
    public void close() {
        this.readers.shutdownNow();
    }

    /**
     * Starts {@code command}.
     *
     * @return a future of the exit code; it fails with the {@link IOException} (wrapped) when the
     *         program cannot be started, and with a {@link TimeoutException} after {@code timeout}
     *         (the child is then killed); cancelling it kills the child
     */
    @Override
    public CompletableFuture<Integer> run(List<String> command, Duration timeout, LineSink out, LineSink err) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
        }
        catch (IOException ex) {
            return CompletableFuture.failedFuture(ex);
        }
        CompletableFuture<Void> stdout = CompletableFuture.runAsync(() -> pump(process.getInputStream(), out), this.readers);
        CompletableFuture<Void> stderr = CompletableFuture.runAsync(() -> pump(process.getErrorStream(), err), this.readers);
        CompletableFuture<Integer> exit = CompletableFuture.allOf(stdout, stderr)
                .thenCompose(done -> process.onExit())
                .thenApply(Process::exitValue)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        exit.whenComplete((code, failure) -> {
            if (failure != null) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        });
        return exit;
    }

    private void pump(InputStream stream, LineSink sink) {
        try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = reader.read()) >= 0) {
                if (c == '\n') {
                    sink.line(chomp(line));
                    line.setLength(0);
                }
                else {
                    line.append((char) c);
                    if (line.length() >= this.maxLineLength) {
                        sink.line(line.toString());
                        line.setLength(0);
                    }
                }
            }
            if (line.length() > 0) {
                sink.line(chomp(line));
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String chomp(StringBuilder line) {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
    }

    /** The cause a failed or cancelled run future reports, unwrapped. */
    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
