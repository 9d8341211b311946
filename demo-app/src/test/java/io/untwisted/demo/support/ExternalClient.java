package io.untwisted.demo.support;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real client program that nobody here wrote ({@code socat}, {@code redis-cli},
 * {@code redis-benchmark}, {@code nc}), bounded in time. A missing program skips the test, except
 * when the environment has {@code CI=true}: there it fails it, since CI installs them.
 */
public final class ExternalClient {

    private ExternalClient() {
    }

    /** What a finished run printed and returned. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** Skips (or, on CI, fails) the calling test unless {@code program} is on the PATH. */
    public static void require(String program) {
        boolean found = find(program);
        if (!found && "true".equals(System.getenv("CI"))) {
            fail(program + " is not installed, and CI=true: .ci/run must install it");
        }
        assumeTrue(found, program + " is not installed; skipping (CI installs it)");
    }

    /**
     * Runs {@code command} with {@code stdin} (may be null for none) and waits at most
     * {@code timeout}; kills it and fails the test past that.
     */
    public static Result run(List<String> command, Path stdin, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        else {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process process = builder.start();
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + timeout);
        }
        try {
            return new Result(process.exitValue(), out.get(30, TimeUnit.SECONDS), err.get(30, TimeUnit.SECONDS));
        }
        catch (Exception ex) {
            throw new IOException("cannot read the output of " + command, ex);
        }
    }

    /** Starts {@code command} interactively; see {@link Interactive}. */
    public static Interactive start(List<String> command) throws IOException {
        return new Interactive(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            }
            catch (IOException ex) {
                return "<unreadable: " + ex + ">";
            }
        });
    }

    private static boolean find(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        List<String> dirs = new ArrayList<>(List.of(path.split(File.pathSeparator)));
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A client program talked to through its stdin and stdout (merged with stderr), like a user
     * at a terminal. Closing it closes its stdin, then kills it if it has not ended.
     */
    public static final class Interactive implements AutoCloseable {

        private final Process process;
        private final StringBuffer output = new StringBuffer();
        private final CompletableFuture<Void> reader;

        Interactive(Process process) {
            this.process = process;
            this.reader = CompletableFuture.runAsync(() -> {
                try (InputStream in = process.getInputStream()) {
                    byte[] buffer = new byte[4096];
                    int count;
                    while ((count = in.read(buffer)) >= 0) {
                        this.output.append(new String(buffer, 0, count, StandardCharsets.UTF_8));
                    }
                }
                catch (IOException ex) {
                    this.output.append("<read failed: ").append(ex).append('>');
                }
            });
        }

        /** Types {@code text} into the program's stdin. */
        public void type(String text) throws IOException {
            this.process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            this.process.getOutputStream().flush();
        }

        /** Everything the program printed so far. */
        public String output() {
            return this.output.toString();
        }

        /** Whether the program is still running. */
        public boolean isAlive() {
            return this.process.isAlive();
        }

        /** Closes its stdin (end of input, as Ctrl-D) and waits at most {@code timeout} for it to end. */
        public boolean endInput(Duration timeout) throws IOException, InterruptedException {
            this.process.getOutputStream().close();
            return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws Exception {
            try {
                this.process.getOutputStream().close();
            }
            catch (IOException ignored) {
                // already closed
            }
            if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
                this.process.destroyForcibly();
            }
            this.reader.get(10, TimeUnit.SECONDS);
        }
    }
}
