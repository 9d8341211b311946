package io.untwisted.testsupport.gate;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The open file descriptors and live threads of this JVM at one moment, and what another
 * snapshot holds beyond them.
 *
 * <p>File descriptors come from {@code /proc/self/fd}; where that does not exist (not Linux) the
 * fd part is empty and only threads are compared. Threads the JDK or the test tooling start
 * lazily and keep for the life of the JVM (the common fork-join pool, the process reaper,
 * JUnit's timeout watcher, ...) are not counted as leaks, nor are the files and the attach socket
 * it opens lazily and keeps.
 */
final class ResourceSnapshot {

    private static final Path FD_DIR = Path.of("/proc/self/fd");

    private static final Pattern JVM_THREADS = Pattern.compile(String.join("|",
            "ForkJoinPool\\.commonPool-worker-\\d+",
            "ForkJoinPool-\\d+-worker-\\d+",
            "process reaper",
            "Attach Listener",
            "Common-Cleaner",
            "junit-jupiter-timeout-watcher",
            "awaitility-thread",
            "HttpClient-\\d+-SelectorManager",
            "surefire-forkedjvm-.*",
            "Keep-Alive-Timer",
            "InnocuousThread-\\d+",
            "JFR .*",
            "RMI .*"));

    private static final Pattern JVM_FILES = Pattern.compile(".*\\.jar|/dev/u?random|/proc/\\d+/fd|.*\\.jsa|.*/lib/modules");

    /** The socket of the JVM's attach listener, opened when a tool or a mocking agent attaches. */
    private static final String ATTACH_SOCKET = "/.java_pid";

    private final Map<Integer, String> fds;
    private final Set<Thread> threads;

    private ResourceSnapshot(Map<Integer, String> fds, Set<Thread> threads) {
        this.fds = fds;
        this.threads = threads;
    }

    static ResourceSnapshot take() {
        return new ResourceSnapshot(openFds(), liveThreads());
    }

    /** File descriptors open now that {@code baseline} did not have, described by their targets. */
    List<String> extraFds(ResourceSnapshot baseline) {
        SocketDescriptions sockets = new SocketDescriptions();
        List<String> extra = new ArrayList<>();
        for (Map.Entry<Integer, String> fd : this.fds.entrySet()) {
            if (!fd.getValue().equals(baseline.fds.get(fd.getKey()))) {
                extra.add(fd.getKey() + " -> " + sockets.describe(fd.getValue()));
            }
        }
        return extra;
    }

    /** How many fds are open, not counting those the JVM opens lazily and keeps (jars, random devices). */
    int fdCount() {
        return this.fds.size();
    }

    /** Threads alive now that were not alive at {@code baseline} and are not the JVM's own. */
    List<String> extraThreads(ResourceSnapshot baseline) {
        List<String> extra = new ArrayList<>();
        for (Thread thread : this.threads) {
            if (!baseline.threads.contains(thread) && !JVM_THREADS.matcher(thread.getName()).matches()) {
                extra.add("'" + thread.getName() + "'" + (thread.isDaemon() ? " (daemon)" : ""));
            }
        }
        return extra;
    }

    private static Set<Thread> liveThreads() {
        Set<Thread> live = new HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive()) {
                live.add(thread);
            }
        }
        return live;
    }

    private static Map<Integer, String> openFds() {
        Map<Integer, String> fds = new HashMap<>();
        if (!Files.isDirectory(FD_DIR)) {
            return fds;
        }
        SocketDescriptions sockets = new SocketDescriptions();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(FD_DIR)) {
            for (Path entry : entries) {
                String target = target(entry);
                if (!JVM_FILES.matcher(target).matches() && !sockets.describe(target).contains(ATTACH_SOCKET)) {
                    fds.put(Integer.parseInt(entry.getFileName().toString()), target);
                }
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot list " + FD_DIR, ex);
        }
        return fds;
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        }
        catch (IOException ex) {
            return "(closed while listing)";
        }
    }
}
