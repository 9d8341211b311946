package io.untwisted.demo.redis;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The commands of the demo Redis server and their arity checks: turns one {@link RespRequest}
 * into the RESP2 reply Redis would send, errors included ({@code -ERR unknown command ...},
 * {@code -ERR wrong number of arguments for '...' command}, {@code -WRONGTYPE ...}).
 *
 * <p>Stateless apart from the {@link RedisStore} it works on, so one instance serves every
 * connection on every reactor.
 */
public final class RedisCommands {

    /** What to send back, and whether to close the connection once it is sent ({@code QUIT}). */
    public record Reply(byte[] bytes, boolean close) {
    }

    /**
     * One command: its name in lower case, its arity, and its action. A bulk command's action
     * returns the raw value (or null) that the reply carries as a bulk string; any other action
     * returns the encoded reply.
     */
    private record Command(String name, byte[] key, int arity, Function<RespRequest, byte[]> action, boolean bulk) {

        boolean accepts(int argc) {
            return this.arity >= 0 ? argc == this.arity : argc >= -this.arity;
        }
    }

    /** Slots of the name table: a power of two, at least twice the number of commands. */
    private static final int TABLE_SIZE = 64;

    private static final byte[] PONG = RespReply.simple("PONG");
    private static final byte[] SYNTAX_ERROR = RespReply.error("ERR syntax error");

    private final RedisStore store;
    private final Map<String, Command> commands = new HashMap<>();
    /** The commands by the ASCII bytes of their names, so finding one allocates no String. */
    private final Command[] table = new Command[TABLE_SIZE];
    private final Command quit;

    /** Creates the command table over {@code store}. */
    public RedisCommands(RedisStore store) {
        this.store = Objects.requireNonNull(store, "store");
        // Arity as Redis declares it: n means exactly n words, -n at least n (the name counts).
        add("ping", -1, this::ping);
        addBulk("echo", 2, r -> r.arg(1));
        add("quit", -1, r -> RespReply.OK);
        add("command", -1, r -> RespReply.EMPTY_ARRAY);
        add("config", -2, this::config);
        add("set", -3, this::set);
        addBulk("get", 2, r -> this.store.get(r.arg(1)));
        add("del", -2, r -> RespReply.integer(this.store.delete(r.argsFrom(1))));
        add("exists", -2, r -> RespReply.integer(this.store.exists(r.argsFrom(1))));
        add("incr", 2, r -> RespReply.integer(this.store.incrementBy(r.arg(1), 1)));
        add("decr", 2, r -> RespReply.integer(this.store.incrementBy(r.arg(1), -1)));
        add("mset", -3, this::mset);
        add("mget", -2, r -> RespReply.array(this.store.getAll(r.argsFrom(1))));
        add("lpush", -3, r -> RespReply.integer(this.store.push(r.arg(1), r.argsFrom(2), true)));
        add("rpush", -3, r -> RespReply.integer(this.store.push(r.arg(1), r.argsFrom(2), false)));
        add("lpop", -2, r -> pop(r, true));
        add("rpop", -2, r -> pop(r, false));
        add("lrange", 4, this::lrange);
        add("sadd", -3, r -> RespReply.integer(this.store.addToSet(r.arg(1), r.argsFrom(2))));
        add("hset", -4, this::hset);
        addBulk("hget", 3, r -> this.store.getField(r.arg(1), r.arg(2)));
        this.quit = this.commands.get("quit");
    }

    private void add(String name, int arity, Function<RespRequest, byte[]> action) {
        put(new Command(name, name.getBytes(StandardCharsets.US_ASCII), arity, action, false));
    }

    private void addBulk(String name, int arity, Function<RespRequest, byte[]> value) {
        put(new Command(name, name.getBytes(StandardCharsets.US_ASCII), arity, value, true));
    }

    private void put(Command command) {
        this.commands.put(command.name(), command);
        int slot = hash(command.key()) & (TABLE_SIZE - 1);
        while (this.table[slot] != null) {
            slot = (slot + 1) & (TABLE_SIZE - 1);
        }
        this.table[slot] = command;
    }

    /** Runs {@code request} and returns its reply; never throws for a client's mistake. */
    public Reply execute(RespRequest request) {
        Command command = find(request);
        if (command == null) {
            return new Reply(unknownCommand(request), false);
        }
        if (!command.accepts(request.size())) {
            return new Reply(wrongArity(command.name()), false);
        }
        try {
            byte[] result = command.action().apply(request);
            return new Reply(command.bulk() ? RespReply.bulk(result) : result, isQuit(command));
        }
        catch (RedisException ex) {
            return new Reply(RespReply.error(ex.getMessage()), false);
        }
    }

    /**
     * Runs {@code request} and writes the reply {@link #execute(RespRequest)} would return into
     * {@code out}, without building it as an array first.
     *
     * @return whether to close the connection once the reply is sent ({@code QUIT})
     */
    boolean execute(RespRequest request, RespOutput out) {
        Command command = find(request);
        if (command == null) {
            out.write(unknownCommand(request));
            return false;
        }
        if (!command.accepts(request.size())) {
            out.write(wrongArity(command.name()));
            return false;
        }
        byte[] result;
        try {
            result = command.action().apply(request);
        }
        catch (RedisException ex) {
            out.write(RespReply.error(ex.getMessage()));
            return false;
        }
        if (command.bulk()) {
            out.bulk(result);
        }
        else {
            out.write(result);
        }
        return isQuit(command);
    }

    private boolean isQuit(Command command) {
        return command == this.quit;
    }

    /** The command {@code request} names, matched as {@code request.command()} would match it. */
    private Command find(RespRequest request) {
        byte[] name = request.arg(0);
        int hash = 0;
        for (byte b : name) {
            if (b < 0) {
                // Not ASCII: lower-case it as Unicode text, as command() does.
                return this.commands.get(request.command());
            }
            hash = 31 * hash + lower(b);
        }
        for (int slot = hash & (TABLE_SIZE - 1);; slot = (slot + 1) & (TABLE_SIZE - 1)) {
            Command command = this.table[slot];
            if (command == null || matches(command.key(), name)) {
                return command;
            }
        }
    }

    private static int hash(byte[] lowerCase) {
        int hash = 0;
        for (byte b : lowerCase) {
            hash = 31 * hash + b;
        }
        return hash;
    }

    private static boolean matches(byte[] lowerCase, byte[] name) {
        if (lowerCase.length != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (lowerCase[i] != lower(name[i])) {
                return false;
            }
        }
        return true;
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }

    private static byte[] unknownCommand(RespRequest request) {
        StringBuilder message = new StringBuilder("ERR unknown command '")
                .append(truncate(request.string(0))).append("', with args beginning with: ");
        for (int i = 1; i < request.size(); i++) {
            message.append('\'').append(truncate(request.string(i))).append("' ");
        }
        return RespReply.error(message.toString());
    }

    private static String truncate(String text) {
        return text.length() > 128 ? text.substring(0, 128) : text;
    }

    private static byte[] wrongArity(String name) {
        return RespReply.error("ERR wrong number of arguments for '" + name + "' command");
    }

    private byte[] ping(RespRequest request) {
        return switch (request.size()) {
            case 1 -> PONG;
            case 2 -> RespReply.bulk(request.arg(1));
            default -> wrongArity("ping");
        };
    }

    private byte[] config(RespRequest request) {
        String sub = request.string(1);
        if (sub.equalsIgnoreCase("get")) {
            return request.size() >= 3 ? RespReply.EMPTY_ARRAY : wrongArity("config|get");
        }
        return RespReply.error("ERR unknown subcommand '" + truncate(sub) + "'. Try CONFIG HELP.");
    }

    private byte[] set(RespRequest request) {
        long ttl = 0;
        for (int i = 3; i < request.size(); i++) {
            String option = request.string(i).toUpperCase(Locale.ROOT);
            boolean seconds = option.equals("EX");
            if ((!seconds && !option.equals("PX")) || ttl != 0 || i + 1 >= request.size()) {
                return SYNTAX_ERROR;
            }
            long amount = parseInteger(request.arg(++i));
            if (amount <= 0 || (seconds && amount > Long.MAX_VALUE / 1000)) {
                return RespReply.error("ERR invalid expire time in 'set' command");
            }
            ttl = seconds ? amount * 1000 : amount;
        }
        this.store.set(request.arg(1), request.arg(2), ttl);
        return RespReply.OK;
    }

    private byte[] mset(RespRequest request) {
        if (request.size() % 2 == 0) {
            return wrongArity("mset");
        }
        this.store.setAll(request.argsFrom(1));
        return RespReply.OK;
    }

    private byte[] hset(RespRequest request) {
        if (request.size() % 2 == 1) {
            return wrongArity("hset");
        }
        return RespReply.integer(this.store.setFields(request.arg(1), request.argsFrom(2)));
    }

    private byte[] pop(RespRequest request, boolean left) {
        if (request.size() > 3) {
            return wrongArity(left ? "lpop" : "rpop");
        }
        if (request.size() == 2) {
            List<byte[]> popped = this.store.pop(request.arg(1), 1, left);
            return RespReply.bulk(popped == null || popped.isEmpty() ? null : popped.get(0));
        }
        long count = parseInteger(request.arg(2));
        if (count < 0) {
            return RespReply.error("ERR value is out of range, must be positive");
        }
        List<byte[]> popped = this.store.pop(request.arg(1), count, left);
        return popped == null ? "*-1\r\n".getBytes(StandardCharsets.US_ASCII) : RespReply.array(popped);
    }

    private byte[] lrange(RespRequest request) {
        long start = parseInteger(request.arg(2));
        long stop = parseInteger(request.arg(3));
        return RespReply.array(this.store.range(request.arg(1), start, stop));
    }

    private static long parseInteger(byte[] text) {
        long value = RespParser.parseLong(text, 0, text.length);
        if (value == Long.MIN_VALUE) {
            throw new RedisException(RedisException.NOT_AN_INTEGER);
        }
        return value;
    }
}
