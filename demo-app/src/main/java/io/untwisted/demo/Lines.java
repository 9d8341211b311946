package io.untwisted.demo;

/**
 * Line handling shared by the line-based demo servers. They split at {@code \n} and drop one
 * trailing {@code \r}, so clients ending lines with {@code \r\n} (telnet, {@code nc -C}, the
 * seed's clients) and with a bare {@code \n} (plain {@code nc}, {@code socat}) are both served.
 */
public final class Lines {

    /** The delimiter the line servers split at. */
    public static final String DELIMITER = "\n";

    private Lines() {
    }

    /** {@code line} without one trailing {@code \r}. */
    public static String chomp(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
