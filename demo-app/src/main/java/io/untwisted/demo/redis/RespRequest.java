package io.untwisted.demo.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One Redis request as a client sent it, inline or multi-bulk: the command name and its
 * arguments, each an arbitrary byte string. Immutable.
 */
public final class RespRequest {

    /** Exactly the words, no spare slots: the array's length is the request's size. */
    private final byte[][] args;

    /** Creates a request from its words; the first is the command name. */
    public RespRequest(List<byte[]> args) {
        Objects.requireNonNull(args, "args");
        if (args.isEmpty()) {
            throw new IllegalArgumentException("a request has at least a command name");
        }
        this.args = args.toArray(new byte[0][]);
    }

    private RespRequest(byte[][] args) {
        this.args = args;
    }

    /**
     * A request over {@code args} itself, without a copy: the parser hands over each request's
     * array, exactly as long as the request, and never touches it again. {@code args} must not be
     * empty.
     */
    static RespRequest adopt(byte[][] args) {
        return new RespRequest(args);
    }

    /** Creates a request from UTF-8 words; convenient in tests. */
    public static RespRequest of(String... words) {
        byte[][] args = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            args[i] = words[i].getBytes(StandardCharsets.UTF_8);
        }
        return new RespRequest(Arrays.asList(args));
    }

    /** The command name in lower case, as Redis reports it in errors. */
    public String command() {
        return string(0).toLowerCase(Locale.ROOT);
    }

    /** The number of words, the command name included (Redis' {@code argc}). */
    public int size() {
        return this.args.length;
    }

    /** Word {@code index}; 0 is the command name. The array is shared: do not modify it. */
    public byte[] arg(int index) {
        return this.args[index];
    }

    /** Word {@code index} decoded as UTF-8. */
    public String string(int index) {
        return new String(this.args[index], StandardCharsets.UTF_8);
    }

    /** Words {@code from} (inclusive) to the end. */
    public List<byte[]> argsFrom(int from) {
        return Collections.unmodifiableList(Arrays.asList(this.args).subList(from, this.args.length));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("RespRequest[");
        for (int i = 0; i < this.args.length; i++) {
            text.append(i == 0 ? "" : " ").append(string(i));
        }
        return text.append(']').toString();
    }
}
