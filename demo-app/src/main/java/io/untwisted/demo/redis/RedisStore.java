package io.untwisted.demo.redis;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The keyspace of the demo Redis server: strings, lists, sets and hashes, with expiry.
 *
 * <p>Thread-safe: every method is one atomic step under the store's lock, the way Redis runs
 * one command at a time, so connections served by different reactors see each command whole
 * (an {@code INCR} never loses an update, an {@code MSET} is never seen half done). The
 * critical sections are short map operations; nothing blocks inside them.
 *
 * <p>Expired keys are dropped when touched, and all at once when the store is full. The store
 * holds at most {@code maxKeys} keys: creating one more fails with Redis' {@code OOM} error.
 */
public final class RedisStore {

    static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

    private final Map<RedisKey, Entry> entries = new HashMap<>();
    private final Clock clock;
    private final int maxKeys;

    /** Creates an empty store holding at most {@code maxKeys} keys, timing expiry with {@code clock}. */
    public RedisStore(Clock clock, int maxKeys) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be >= 1: " + maxKeys);
        }
        this.maxKeys = maxKeys;
    }

    /** The number of keys, expired ones not yet dropped included. */
    public synchronized int size() {
        return this.entries.size();
    }

    /** GET: the string at {@code key}, or null. */
    public synchronized byte[] get(byte[] key) {
        Entry entry = live(key);
        return entry == null ? null : entry.string();
    }

    /** SET: stores {@code value} at {@code key}, replacing any value; expires after {@code ttlMillis} when positive. */
    public synchronized void set(byte[] key, byte[] value, long ttlMillis) {
        Entry entry = create(key);
        entry.value = value;
        entry.expiresAt = ttlMillis > 0 ? now() + ttlMillis : 0;
    }

    /** DEL: removes the keys; how many existed. */
    public synchronized long delete(List<byte[]> keys) {
        long removed = 0;
        for (byte[] key : keys) {
            if (live(key) != null) {
                this.entries.remove(RedisKey.of(key));
                removed++;
            }
        }
        return removed;
    }

    /** EXISTS: how many of the keys exist, a key named twice counted twice. */
    public synchronized long exists(List<byte[]> keys) {
        long count = 0;
        for (byte[] key : keys) {
            if (live(key) != null) {
                count++;
            }
        }
        return count;
    }

    /** INCRBY: adds {@code delta} to the integer at {@code key} (0 if absent), keeping its expiry; the new value. */
    public synchronized long incrementBy(byte[] key, long delta) {
        Entry entry = live(key);
        long current = 0;
        if (entry != null) {
            byte[] text = entry.string();
            current = RespParser.parseLong(text, 0, text.length);
            if (current == Long.MIN_VALUE || !canonical(text, current)) {
                throw new RedisException(RedisException.NOT_AN_INTEGER);
            }
        }
        long updated;
        try {
            updated = Math.addExact(current, delta);
        }
        catch (ArithmeticException ex) {
            throw new RedisException("ERR increment or decrement would overflow");
        }
        if (entry == null) {
            entry = create(key);
        }
        entry.value = Long.toString(updated).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return updated;
    }

    /** MSET: stores each key/value pair of {@code pairs}, clearing their expiry. */
    public synchronized void setAll(List<byte[]> pairs) {
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            if (live(pairs.get(i)) == null) {
                ensureRoom();
            }
        }
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            Entry entry = create(pairs.get(i));
            entry.value = pairs.get(i + 1);
            entry.expiresAt = 0;
        }
    }

    /** MGET: the string at each key; null for a missing key or one holding another type. */
    public synchronized List<byte[]> getAll(List<byte[]> keys) {
        List<byte[]> values = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            Entry entry = live(key);
            values.add(entry != null && entry.value instanceof byte[] bytes ? bytes : null);
        }
        return values;
    }

    /** LPUSH / RPUSH: pushes each value at the head ({@code left}) or tail; the list's new length. */
    public synchronized long push(byte[] key, List<byte[]> values, boolean left) {
        Entry entry = live(key);
        ArrayDeque<byte[]> list;
        if (entry == null) {
            entry = create(key);
            list = new ArrayDeque<>();
            entry.value = list;
        }
        else {
            list = entry.list();
        }
        for (byte[] value : values) {
            if (left) {
                list.addFirst(value);
            }
            else {
                list.addLast(value);
            }
        }
        return list.size();
    }

    /** LPOP / RPOP: removes up to {@code count} values from the head ({@code left}) or tail; null when the key is missing. */
    public synchronized List<byte[]> pop(byte[] key, long count, boolean left) {
        Entry entry = live(key);
        if (entry == null) {
            return null;
        }
        ArrayDeque<byte[]> list = entry.list();
        List<byte[]> popped = new ArrayList<>((int) Math.min(count, list.size()));
        for (long i = 0; i < count && !list.isEmpty(); i++) {
            popped.add(left ? list.pollFirst() : list.pollLast());
        }
        if (list.isEmpty()) {
            this.entries.remove(RedisKey.of(key));
        }
        return popped;
    }

    /** LRANGE: the values from {@code start} to {@code stop} inclusive, negative indexes counted from the tail. */
    public synchronized List<byte[]> range(byte[] key, long start, long stop) {
        Entry entry = live(key);
        if (entry == null) {
            return List.of();
        }
        ArrayDeque<byte[]> list = entry.list();
        long size = list.size();
        long from = start < 0 ? Math.max(0, size + start) : start;
        long to = stop < 0 ? size + stop : Math.min(stop, size - 1);
        if (from > to || from >= size) {
            return List.of();
        }
        List<byte[]> values = new ArrayList<>((int) (to - from + 1));
        Iterator<byte[]> it = list.iterator();
        for (long i = 0; i <= to; i++) {
            byte[] value = it.next();
            if (i >= from) {
                values.add(value);
            }
        }
        return values;
    }

    /** SADD: adds the members to the set at {@code key}; how many were new. */
    public synchronized long addToSet(byte[] key, List<byte[]> members) {
        Entry entry = live(key);
        Set<RedisKey> set;
        if (entry == null) {
            entry = create(key);
            set = new HashSet<>();
            entry.value = set;
        }
        else {
            set = entry.set();
        }
        long added = 0;
        for (byte[] member : members) {
            if (set.add(RedisKey.of(member))) {
                added++;
            }
        }
        return added;
    }

    /** HSET: sets each field/value pair of {@code pairs} in the hash at {@code key}; how many fields were new. */
    public synchronized long setFields(byte[] key, List<byte[]> pairs) {
        Entry entry = live(key);
        Map<RedisKey, byte[]> hash;
        if (entry == null) {
            entry = create(key);
            hash = new HashMap<>();
            entry.value = hash;
        }
        else {
            hash = entry.hash();
        }
        long added = 0;
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            if (hash.put(RedisKey.of(pairs.get(i)), pairs.get(i + 1)) == null) {
                added++;
            }
        }
        return added;
    }

    /** HGET: the value of {@code field} in the hash at {@code key}, or null. */
    public synchronized byte[] getField(byte[] key, byte[] field) {
        Entry entry = live(key);
        return entry == null ? null : entry.hash().get(RedisKey.of(field));
    }

    private Entry live(byte[] key) {
        RedisKey k = RedisKey.of(key);
        Entry entry = this.entries.get(k);
        // Most keys never expire: read the clock only for those that do.
        if (entry != null && entry.expiresAt != 0 && entry.expired(now())) {
            this.entries.remove(k);
            return null;
        }
        return entry;
    }

    /** The live entry at {@code key}, or a new empty one (its value must be set by the caller). */
    private Entry create(byte[] key) {
        Entry entry = live(key);
        if (entry == null) {
            ensureRoom();
            entry = new Entry();
            this.entries.put(RedisKey.of(key), entry);
        }
        return entry;
    }

    private void ensureRoom() {
        if (this.entries.size() < this.maxKeys) {
            return;
        }
        long now = now();
        this.entries.values().removeIf(entry -> entry.expired(now));
        if (this.entries.size() >= this.maxKeys) {
            throw new RedisException(OOM);
        }
    }

    private long now() {
        return this.clock.millis();
    }

    /** Whether {@code text} is how Redis writes {@code value} (no '+', no leading zeros, no "-0"). */
    private static boolean canonical(byte[] text, long value) {
        return text.length == Long.toString(value).length() && !(value == 0 && text[0] == '-');
    }

    private static final class Entry {
        Object value;
        long expiresAt;

        boolean expired(long now) {
            return this.expiresAt != 0 && now >= this.expiresAt;
        }

        byte[] string() {
            if (this.value instanceof byte[] bytes) {
                return bytes;
            }
            throw new RedisException(RedisException.WRONG_TYPE);
        }

        @SuppressWarnings("unchecked")
        ArrayDeque<byte[]> list() {
            if (this.value instanceof ArrayDeque<?> list) {
                return (ArrayDeque<byte[]>) list;
            }
            throw new RedisException(RedisException.WRONG_TYPE);
        }

        @SuppressWarnings("unchecked")
        Set<RedisKey> set() {
            if (this.value instanceof Set<?> set) {
                return (Set<RedisKey>) set;
            }
            throw new RedisException(RedisException.WRONG_TYPE);
        }

        @SuppressWarnings("unchecked")
        Map<RedisKey, byte[]> hash() {
            if (this.value instanceof Map<?, ?> hash) {
                return (Map<RedisKey, byte[]>) hash;
            }
            throw new RedisException(RedisException.WRONG_TYPE);
        }
    }
}
