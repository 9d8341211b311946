package io.untwisted.demo.exec;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The commands the exec server may run. A client's line must equal an entry exactly; the entry
 * becomes the whole argument vector of the child, so a client can neither add arguments nor
 * reach a shell. Entries are checked at startup: a program name or an absolute path, made of
 * letters, digits and {@code . _ + / -} only.
 */
public final class ExecAllowlist {

    private static final Pattern ENTRY = Pattern.compile("[A-Za-z0-9._+/-]+");

    private final Set<String> commands;
    private final String description;

    /**
     * Creates the allowlist.
     *
     * @throws IllegalArgumentException when an entry is blank, holds anything but the allowed
     *                                  characters, or is a relative path
     */
    public ExecAllowlist(Collection<String> commands) {
        Set<String> checked = new LinkedHashSet<>();
        for (String command : commands) {
            if (command == null || !ENTRY.matcher(command).matches()
                    || (command.contains("/") && !command.startsWith("/")) || command.contains("..")) {
                throw new IllegalArgumentException("demo.exec.allowed: '" + command
                        + "' is not a program name or an absolute path");
            }
            checked.add(command);
        }
        this.commands = Set.copyOf(checked);
        this.description = String.join(", ", checked);
    }

    /** The argument vector to run for {@code line}, or empty when {@code line} is not allowed. */
    public Optional<List<String>> command(String line) {
        return this.commands.contains(line) ? Optional.of(List.of(line)) : Optional.empty();
    }

    /** The allowed commands, comma-separated, in configuration order. */
    public String describe() {
        return this.description;
    }
}
