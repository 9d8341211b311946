package io.untwisted.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link ServerProcessMain} running in its own JVM, talked to over its stdin and stdout. */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;

    private ServerProcess(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    static ServerProcess start(String... args) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", classpath, ServerProcessMain.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new ServerProcess(process);
    }

    /** Reads stdout until a line starting with {@code prefix}, and returns it split at spaces. */
    String[] await(String prefix) throws IOException {
        String line;
        while ((line = this.out.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line.split(" ");
            }
        }
        throw new IOException("the server process ended before printing " + prefix);
    }

    void send(String command) {
        this.in.println(command);
    }

    Process process() {
        return this.process;
    }

    /** Kills the process (SIGKILL) and waits for it to end. */
    void kill() throws InterruptedException {
        this.process.destroyForcibly();
        this.process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (this.process.isAlive()) {
            this.process.destroyForcibly();
        }
        this.process.waitFor(10, TimeUnit.SECONDS);
    }
}
