package io.untwisted.event;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Describes the arguments of an event for a log line or an exception message without repeating
 * what a peer sent: all the bytes and text among the arguments share a budget of
 * {@value #MAX_PEER_BYTES} bytes, printed with non-printable bytes escaped, and each shows its full
 * length. Other arguments show their type only, since their text may hold peer data too. Numbers,
 * booleans and enum constants are shown as they are.
 *
 * <p>Reads buffers without moving their position. Stateless.
 */
final class ArgumentSummary {

    /** The most bytes of peer data one description shows. */
    static final int MAX_PEER_BYTES = 64;

    private ArgumentSummary() {
    }

    static String describe(Object[] args) {
        if (args == null) {
            return "[]";
        }
        StringBuilder text = new StringBuilder("[");
        int budget = MAX_PEER_BYTES;
        for (int i = 0; i < args.length; i++) {
            if (i > 0) {
                text.append(", ");
            }
            budget -= describe(args[i], budget, text);
        }
        return text.append(']').toString();
    }

    /** Appends one argument and returns how many bytes of peer data it showed. */
    private static int describe(Object arg, int budget, StringBuilder text) {
        if (arg == null) {
            text.append("null");
            return 0;
        }
        if (arg instanceof Number || arg instanceof Boolean || arg instanceof Enum<?>) {
            text.append(arg);
            return 0;
        }
        if (arg instanceof byte[] bytes) {
            return bytes(bytes, bytes.length, budget, text, "bytes");
        }
        if (arg instanceof ByteBuffer buffer) {
            ByteBuffer view = buffer.duplicate();
            byte[] head = new byte[Math.min(view.remaining(), Math.max(0, budget))];
            view.get(head);
            return bytes(head, buffer.remaining(), budget, text, "bytes");
        }
        if (arg instanceof CharSequence chars) {
            String head = chars.length() > budget ? chars.subSequence(0, Math.max(0, budget)).toString() : chars.toString();
            byte[] bytes = head.getBytes(StandardCharsets.UTF_8);
            return bytes(bytes, chars.length(), budget, text, "chars");
        }
        text.append(arg.getClass().getSimpleName().isEmpty() ? arg.getClass().getName() : arg.getClass().getSimpleName());
        return 0;
    }

    /**
     * The class of {@code failure} and at most {@value #MAX_PEER_BYTES} characters of its message,
     * which may quote what a peer sent.
     */
    static String describeFailure(Throwable failure) {
        if (failure == null) {
            return "null";
        }
        String message = failure.getMessage();
        String type = failure.getClass().getName();
        if (message == null) {
            return type;
        }
        return type + ": " + (message.length() <= MAX_PEER_BYTES ? message : message.substring(0, MAX_PEER_BYTES) + "...");
    }

    private static int bytes(byte[] bytes, int length, int budget, StringBuilder text, String unit) {
        int shown = Math.min(Math.max(0, budget), bytes.length);
        text.append('"');
        for (int i = 0; i < shown; i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '"' && b != '\\') {
                text.append((char) b);
            }
            else {
                text.append(String.format("\\x%02x", b));
            }
        }
        text.append('"');
        if (shown < length) {
            text.append("...");
        }
        text.append(" (").append(length).append(' ').append(unit).append(')');
        return shown;
    }
}
