package io.untwisted.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A test-classpath main class run as a subprocess under {@code prlimit --nofile=N}, with its
 * output (stdout and stderr) collected line by line. {@link #close()} closes its standard input,
 * which the mains of this package take as the signal to stop, and kills it if it does not.
 */
final class ServerProcess implements AutoCloseable {

    /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ, 100 on Linux). */
    static final double TICKS_PER_SECOND = 100.0;

    private final Process process;
    private final Thread reader;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private ServerProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::collect, "server-process-output");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Whether {@code prlimit} is there to run this. */
    static boolean prlimitAvailable() {
        return Files.isExecutable(Path.of("/usr/bin/prlimit")) || Files.isExecutable(Path.of("/bin/prlimit"));
    }

    /** Starts {@code main} with {@code args} under an fd limit of {@code nofile} (soft and hard). */
    static ServerProcess start(int nofile, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("prlimit", "--nofile=" + nofile + ":" + nofile, "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                main.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new ServerProcess(process);
    }

    private void collect() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                this.lines.add(line);
            }
        }
        catch (IOException ex) {
            // The process is gone; the lines read so far are what it said.
        }
    }

    /** The value after {@code prefix + " "} of the first output line starting so, waiting up to 30 s. */
    String awaitValue(String prefix) {
        String start = prefix + " ";
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .failFast("the server process exited: " + this.lines, () -> !this.process.isAlive())
                .until(() -> this.lines.stream().anyMatch(l -> l.startsWith(start)));
        return this.lines.stream().filter(l -> l.startsWith(start)).findFirst().orElseThrow()
                .substring(start.length()).trim();
    }

    /** Output lines so far that contain {@code text}. */
    long count(String text) {
        return this.lines.stream().filter(l -> l.contains(text)).count();
    }

    /** Every output line so far. */
    List<String> lines() {
        return List.copyOf(this.lines);
    }

    boolean isAlive() {
        return this.process.isAlive();
    }

    /** User plus system CPU time of the process so far, in clock ticks. */
    long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(this.process.pid()), "stat"));
        // Fields after the command name, which is in parentheses and may hold spaces.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        this.process.getOutputStream().close();
        if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
            this.process.destroyForcibly();
            this.process.waitFor(10, TimeUnit.SECONDS);
        }
        this.reader.join(10_000);
    }
}
