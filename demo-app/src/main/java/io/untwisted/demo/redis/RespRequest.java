package io.untwisted.demo.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One Redis request as a client sent it, inline or multi-bulk: the command name and its
 * arguments, each an arbitrary byte string. Immutable.
 */
public final class RespRequest {

    private final List<byte[]> args;

    /** Creates a request from its words; the first is the command name. */
    public RespRequest(List<byte[]> args) {
        Objects.requireNonNull(args, "args");
        if (args.isEmpty()) {
            throw new IllegalArgumentException("a request has at least a command name");
        }
        this.args = Collections.unmodifiableList(new ArrayList<>(args));
    }

    private RespRequest(List<byte[]> args, boolean adopted) {
        this.args = args;
    }

    /**
     * A request over {@code args} itself, without a copy: the parser hands over each request's
     * list and never touches it again. {@code args} must not be empty.
     */
    static RespRequest adopt(List<byte[]> args) {
        return new RespRequest(args, true);
    }

    /** Creates a request from UTF-8 words; convenient in tests. */
    public static RespRequest of(String... words) {
        List<byte[]> args = new ArrayList<>(words.length);
        for (String word : words) {
            args.add(word.getBytes(StandardCharsets.UTF_8));
        }
        return new RespRequest(args);
    }

    /** The command name in lower case, as Redis reports it in errors. */
    public String command() {
        return string(0).toLowerCase(Locale.ROOT);
    }

    /** The number of words, the command name included (Redis' {@code argc}). */
    public int size() {
        return this.args.size();
    }

    /** Word {@code index}; 0 is the command name. The array is shared: do not modify it. */
    public byte[] arg(int index) {
        return this.args.get(index);
    }

    /** Word {@code index} decoded as UTF-8. */
    public String string(int index) {
        return new String(this.args.get(index), StandardCharsets.UTF_8);
    }

    /** Words {@code from} (inclusive) to the end. */
    public List<byte[]> argsFrom(int from) {
        return Collections.unmodifiableList(this.args.subList(from, this.args.size()));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("RespRequest[");
        for (int i = 0; i < this.args.size(); i++) {
            text.append(i == 0 ? "" : " ").append(string(i));
        }
        return text.append(']').toString();
    }
}
