package io.untwisted.net;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many connections a server may really hold: the configured maximum, lowered to the process's
 * file-descriptor limit minus {@value #FD_RESERVE} descriptors kept for everything else (log files,
 * jars, the selector, outgoing connections), as Redis does with {@code maxclients}.
 *
 * <p>Without the clamp, a server allowed more connections than the process can open would hit
 * "Too many open files" on accept, and the application would fail to open any file. The limit is
 * read from {@code com.sun.management.UnixOperatingSystemMXBean}; on a platform without it the
 * configured maximum is used as is.
 */
final class ConnectionLimit {

    /** File descriptors left to the rest of the process. */
    static final int FD_RESERVE = 32;

    private static final Logger log = LoggerFactory.getLogger(SuperServer.class);

    private ConnectionLimit() {
    }

    /**
     * The effective maximum: {@code min(configured, fdLimit - reserve)}, at least 1; just
     * {@code configured} when {@code fdLimit} is unknown ({@code <= 0}).
     */
    static int clamp(int configured, long fdLimit, int reserve) {
        if (fdLimit <= 0) {
            return configured;
        }
        long available = Math.max(1, fdLimit - reserve);
        return (int) Math.min(configured, available);
    }

    /** The process's limit on open file descriptors, or -1 when the platform does not tell. */
    static long fileDescriptorLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        try {
            if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
                return unix.getMaxFileDescriptorCount();
            }
        }
        catch (LinkageError ex) {
            // A runtime without the jdk.management module: the limit is unknown.
            log.debug("cannot read the file-descriptor limit", ex);
        }
        return -1;
    }

    /**
     * The effective maximum for {@code server} with {@code configured} connections
     * ({@link Integer#MAX_VALUE} for "no limit"), logged once: at WARN when a configured maximum
     * is lowered, otherwise at INFO.
     */
    static int resolve(Object server, int configured) {
        long fdLimit = fileDescriptorLimit();
        int effective = clamp(configured, fdLimit, FD_RESERVE);
        boolean unlimited = configured == Integer.MAX_VALUE;
        if (effective < configured && !unlimited) {
            log.warn("{}: max connections {} (configured {}, lowered to the file-descriptor limit {} minus {} reserved)",
                    server, effective, configured, fdLimit, FD_RESERVE);
        }
        else if (effective < configured) {
            log.info("{}: max connections {} (the file-descriptor limit {} minus {} reserved)",
                    server, effective, fdLimit, FD_RESERVE);
        }
        else {
            log.info("{}: max connections {}{}", server, unlimited ? "unlimited" : effective,
                    fdLimit > 0 ? " (file-descriptor limit " + fdLimit + ")" : " (file-descriptor limit unknown)");
        }
        return effective;
    }
}
