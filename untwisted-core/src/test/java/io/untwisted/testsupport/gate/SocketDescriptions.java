package io.untwisted.testsupport.gate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Describes {@code socket:[inode]} fds by protocol, endpoints and state, read from
 * {@code /proc/net/}, so a leak report says which connection leaked.
 */
final class SocketDescriptions {

    private static final String[] STATES = {"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
        "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"};

    private final Map<String, String> byInode = new HashMap<>();

    SocketDescriptions() {
        read(Path.of("/proc/net/tcp"), "tcp");
        read(Path.of("/proc/net/tcp6"), "tcp6");
        read(Path.of("/proc/net/udp"), "udp");
        read(Path.of("/proc/net/udp6"), "udp6");
        readUnix();
    }

    /** {@code target} with the TCP endpoints appended when it is a known TCP socket. */
    String describe(String target) {
        if (!target.startsWith("socket:[")) {
            return target;
        }
        String inode = target.substring("socket:[".length(), target.length() - 1);
        String tcp = this.byInode.get(inode);
        return tcp == null ? target : target + " " + tcp;
    }

    private void readUnix() {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/net/unix"));
        }
        catch (IOException ex) {
            return;
        }
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 6) {
                this.byInode.put(fields[6], "unix" + (fields.length > 7 ? " " + fields[7] : ""));
            }
        }
    }

    private void read(Path table, String protocol) {
        List<String> lines;
        try {
            lines = Files.readAllLines(table);
        }
        catch (IOException ex) {
            return;
        }
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 9) {
                int state = Integer.parseInt(fields[3], 16);
                this.byInode.put(fields[9], protocol + " " + port(fields[1]) + "->" + port(fields[2]) + " "
                        + (state < STATES.length ? STATES[state] : fields[3]));
            }
        }
    }

    private static String port(String hexAddress) {
        return ":" + Integer.parseInt(hexAddress.substring(hexAddress.indexOf(':') + 1), 16);
    }
}
