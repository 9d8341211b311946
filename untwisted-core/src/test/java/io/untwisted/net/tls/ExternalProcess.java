package io.untwisted.net.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import static org.awaitility.Awaitility.await;

/**
 * A child process for interop tests (openssl), bounded in time and always destroyed: its output
 * (stdout and stderr merged) is collected by a daemon thread, every wait has a timeout, and
 * {@link #close()} kills it.
 */
final class ExternalProcess implements AutoCloseable {

    private final List<String> command;
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    private ExternalProcess(List<String> command) throws IOException {
        this.command = command;
        this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
        this.reader = new Thread(this::collect, "output of " + command.get(0));
        this.reader.setDaemon(true);
        this.reader.start();
    }

    static ExternalProcess start(String... command) throws IOException {
        return new ExternalProcess(List.of(command));
    }

    /**
     * Skips the calling test class when {@code binary} cannot run, unless the environment says
     * {@code CI=true}: there, CI installed it, so a missing binary is a failure.
     */
    static void assumeInstalled(String binary, String... versionArguments) {
        String[] command = new String[versionArguments.length + 1];
        command[0] = binary;
        System.arraycopy(versionArguments, 0, command, 1, versionArguments.length);
        boolean installed;
        String why;
        try (ExternalProcess probe = start(command)) {
            installed = probe.awaitExit(Duration.ofSeconds(20)) == 0;
            why = probe.output();
        }
        catch (IOException ex) {
            installed = false;
            why = ex.toString();
        }
        if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(binary + " must be installed when CI=true: " + why);
        }
        Assumptions.assumeTrue(installed, binary + " is not installed: " + why);
    }

    private void collect() {
        byte[] buffer = new byte[4096];
        try (InputStream in = this.process.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                this.output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        }
        catch (IOException ex) {
            this.output.append("\n[reading the output failed: ").append(ex).append(']');
        }
    }

    String output() {
        return this.output.toString();
    }

    /** Waits until the output contains {@code text}; fails with the output so far otherwise. */
    void awaitOutput(String text, Duration timeout) {
        await().atMost(timeout)
                .alias(this.command.get(0) + " printing '" + text + "'")
                .until(() -> this.output.indexOf(text) >= 0 || !this.process.isAlive() && !this.reader.isAlive());
        if (this.output.indexOf(text) < 0) {
            throw new AssertionError(this.command + " ended without printing '" + text + "':\n" + output());
        }
    }

    void send(String text) throws IOException {
        OutputStream in = this.process.getOutputStream();
        in.write(text.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    void closeInput() throws IOException {
        this.process.getOutputStream().close();
    }

    /** Waits for the process to exit, and returns its exit code; fails if it does not exit in time. */
    int awaitExit(Duration timeout) {
        try {
            if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(this.command + " did not exit within " + timeout + ":\n" + output());
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
        return this.process.exitValue();
    }

    @Override
    public void close() {
        this.process.destroy();
        try {
            if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
                this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            this.reader.join(5_000);
        }
        catch (InterruptedException ex) {
            this.process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
