package io.untwisted.spring.metrics;

import java.util.Map;

import io.micrometer.core.instrument.Counter;

/**
 * The {@code untwisted.events} counters of one server by event key. Keys are nearly always
 * constants (interned strings), so they are looked up by identity first, in an open-addressed
 * table of the interned keys, without calling {@code equals}; an equal key that is another
 * instance is then looked up by equality, and an unknown one gets the {@code other} counter.
 *
 * <p>Immutable once built; read by reactor threads without locks.
 */
final class EventCounters {

    private final Object[] keys;
    private final Counter[] counters;
    private final int mask;
    private final Map<Object, Counter> byKey;
    private final Counter other;
    private final Counter overflow;

    /**
     * @param byKey    the counter of each event key the server can name
     * @param other    the counter of any other key
     * @param overflow the key of the event that also counts a rejected frame
     */
    EventCounters(Map<Object, Counter> byKey, Counter other, Object overflow) {
        int size = Integer.highestOneBit(Math.max(4 * byKey.size(), 4));
        this.keys = new Object[size];
        this.counters = new Counter[size];
        this.mask = size - 1;
        byKey.forEach((named, counter) -> {
            // Event constants are interned literals; the names read from annotations are not.
            Object key = named instanceof String name ? name.intern() : named;
            int slot = slot(key);
            while (this.keys[slot] != null) {
                slot = (slot + 1) & this.mask;
            }
            this.keys[slot] = key;
            this.counters[slot] = counter;
        });
        this.byKey = byKey;
        this.other = other;
        this.overflow = byKey.get(overflow);
    }

    /** The counter of {@code event}: its own, or {@code other}. */
    Counter of(Object event) {
        for (int slot = slot(event);; slot = (slot + 1) & this.mask) {
            Object key = this.keys[slot];
            if (key == event) {
                return this.counters[slot];
            }
            if (key == null) {
                Counter counter = this.byKey.get(event);
                return counter != null ? counter : this.other;
            }
        }
    }

    /** Whether {@code counter} is the one of the overflow key. */
    boolean isOverflow(Counter counter) {
        return counter == this.overflow;
    }

    private int slot(Object key) {
        int hash = key.hashCode();
        return (hash ^ (hash >>> 16)) & this.mask;
    }
}
