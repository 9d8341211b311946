package io.untwisted.split;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.untwisted.event.Dispatcher;
import io.untwisted.event.Event;
import io.untwisted.event.Registration;

/**
 * Breaks each frame of a command protocol ({@code "add 1 2 3"}) into a command and its arguments,
 * and drives the command as an event on the source with the arguments: {@code ("add",
 * List.of("1", "2", "3"))}. It reads frames driven by another splitter, {@link Terminator#FOUND}
 * unless told otherwise.
 *
 * <p>Only the commands it was given are driven; any other frame drives {@link #UNKNOWN}, so a
 * peer can never drive an event the application did not choose ({@code close}, {@code error},
 * ...), and event keys stay a bounded set.
 *
 * <p>Runs on the thread that drives the frame event. Frames are decoded as UTF-8 and split at
 * every separator, empty arguments included (as the seed did). Its bounds are those of the
 * splitter that drives the frames.
 */
public final class Breaker {

    /** Driven for a frame whose command is not one of the given: {@code (String command, List<String> args)}. */
    public static final String UNKNOWN = "breaker.unknown";

    private final Dispatcher source;
    private final String separator;
    private final Set<String> commands;
    private final Registration registration;

    private Breaker(Dispatcher source, Object frameEvent, String separator, Set<String> commands) {
        this.source = source;
        this.separator = separator;
        this.commands = commands;
        this.registration = source.on(frameEvent, this::frame);
    }

    /**
     * Installs a breaker of {@link Terminator#FOUND} frames at spaces, driving {@code commands}.
     */
    public static Breaker install(Dispatcher source, Set<String> commands) {
        return install(source, Terminator.FOUND, " ", commands);
    }

    /**
     * Installs a breaker of the frames driven as {@code frameEvent} ({@code byte[]} or
     * {@code String}) at {@code separator}, driving {@code commands}.
     *
     * @throws IllegalArgumentException when the separator is empty
     */
    public static Breaker install(Dispatcher source, Object frameEvent, String separator, Set<String> commands) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(frameEvent, "frameEvent");
        if (separator.isEmpty()) {
            throw new IllegalArgumentException("separator must not be empty");
        }
        return new Breaker(source, frameEvent, separator, Set.copyOf(commands));
    }

    /** Stops breaking frames. */
    public void uninstall() {
        this.registration.cancel();
    }

    private void frame(Event event) {
        Object frame = event.arg(0);
        String line = frame instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(frame);
        List<String> parts = split(line);
        String command = parts.get(0);
        List<String> args = Collections.unmodifiableList(parts.subList(1, parts.size()));
        if (this.commands.contains(command)) {
            this.source.drive(command, args);
        }
        else {
            this.source.drive(UNKNOWN, command, args);
        }
    }

    private List<String> split(String line) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        int at;
        while ((at = line.indexOf(this.separator, from)) >= 0) {
            parts.add(line.substring(from, at));
            from = at + this.separator.length();
        }
        parts.add(line.substring(from));
        return parts;
    }
}
