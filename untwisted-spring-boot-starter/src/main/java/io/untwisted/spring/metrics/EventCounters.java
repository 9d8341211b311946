package io.untwisted.spring.metrics;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;

/**
 * The {@code untwisted.events} counters of one server by event key, each also known by a dense
 * index (so that a reactor can tally events in a plain {@code long[]}). Keys are nearly always
 * constants (interned strings), so they are looked up by identity first, in an open-addressed
 * table of the interned keys, without calling {@code equals}; an equal key that is another
 * instance is then looked up by equality, and an unknown one gets the {@code other} counter.
 *
 * <p>Immutable once built; read by reactor threads without locks.
 */
final class EventCounters {

    private final Object[] keys;
    private final int[] slotIndexes;
    private final int mask;
    private final Map<Object, Integer> byKey;
    private final Counter[] counters;
    private final int otherIndex;
    private final int overflowIndex;

    /**
     * @param byKey    the counter of each event key the server can name
     * @param other    the counter of any other key
     * @param overflow the key of the event that also counts a rejected frame
     */
    EventCounters(Map<Object, Counter> byKey, Counter other, Object overflow) {
        int size = Integer.highestOneBit(Math.max(4 * byKey.size(), 4));
        this.keys = new Object[size];
        this.slotIndexes = new int[size];
        this.mask = size - 1;
        this.counters = new Counter[byKey.size() + 1];
        Map<Object, Integer> indexes = new HashMap<>();
        byKey.forEach((named, counter) -> {
            int index = indexes.size();
            indexes.put(named, index);
            this.counters[index] = counter;
            // Event constants are interned literals; the names read from annotations are not.
            Object key = named instanceof String name ? name.intern() : named;
            int slot = slot(key);
            while (this.keys[slot] != null) {
                slot = (slot + 1) & this.mask;
            }
            this.keys[slot] = key;
            this.slotIndexes[slot] = index;
        });
        this.byKey = Map.copyOf(indexes);
        this.otherIndex = byKey.size();
        this.counters[this.otherIndex] = other;
        Integer overflowIndex = indexes.get(overflow);
        this.overflowIndex = overflowIndex != null ? overflowIndex : -1;
    }

    /** The counter of {@code event}: its own, or {@code other}. */
    Counter of(Object event) {
        return this.counters[indexOf(event)];
    }

    /** The index of the counter of {@code event} (its own, or {@code other}'s), in {@code [0, size())}. */
    int indexOf(Object event) {
        for (int slot = slot(event);; slot = (slot + 1) & this.mask) {
            Object key = this.keys[slot];
            if (key == event) {
                return this.slotIndexes[slot];
            }
            if (key == null) {
                Integer index = this.byKey.get(event);
                return index != null ? index : this.otherIndex;
            }
        }
    }

    /** The counter at {@code index}. */
    Counter counter(int index) {
        return this.counters[index];
    }

    /** How many counters there are, {@code other} included. */
    int size() {
        return this.counters.length;
    }

    /** Whether {@code index} is the overflow key's. */
    boolean isOverflow(int index) {
        return index == this.overflowIndex;
    }

    private int slot(Object key) {
        int hash = key.hashCode();
        return (hash ^ (hash >>> 16)) & this.mask;
    }
}
