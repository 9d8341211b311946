package io.untwisted.testing;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import io.untwisted.event.Event;
import io.untwisted.event.Handler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handler that records every event it is registered for, in order, so that a test can assert
 * the exact sequence (OkHttp's {@code RecordingEventListener}). Register it for as many events
 * and emitters as needed.
 *
 * <p>Safe from any thread: recording and reading are synchronized, and {@link #events()}
 * returns a snapshot. It does not stop or alter the drive.
 *
 * <p>Limits: it keeps at most {@code capacity} events (default {@value #DEFAULT_CAPACITY});
 * later ones are counted in {@link #dropped()} and logged once.
 */
public final class RecordingHandler implements Handler {

    /** How many events a recorder keeps unless told otherwise. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private static final Logger log = LoggerFactory.getLogger(RecordingHandler.class);

    private final int capacity;
    private final List<RecordedEvent> events = new ArrayList<>();
    private long dropped;

    /** A recorder that keeps up to {@value #DEFAULT_CAPACITY} events. */
    public RecordingHandler() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * A recorder that keeps up to {@code capacity} events.
     *
     * @throws IllegalArgumentException when {@code capacity < 1}
     */
    public RecordingHandler(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public synchronized void handle(Event event) {
        if (this.events.size() >= this.capacity) {
            if (this.dropped++ == 0) {
                log.warn("recorder full at {} events; dropping {} and later ones", this.capacity, event.key());
            }
            return;
        }
        Object[] args = event.args();
        Object[] copy = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            copy[i] = args[i] instanceof ByteBuffer buffer ? bytesOf(buffer) : args[i];
        }
        this.events.add(new RecordedEvent(event.key(), Collections.unmodifiableList(Arrays.asList(copy))));
    }

    /** Every recorded event, in the order they were driven. */
    public synchronized List<RecordedEvent> events() {
        return List.copyOf(this.events);
    }

    /** The recorded events whose key equals {@code key}, in order. */
    public synchronized List<RecordedEvent> events(Object key) {
        List<RecordedEvent> matching = new ArrayList<>();
        for (RecordedEvent event : this.events) {
            if (event.key().equals(key)) {
                matching.add(event);
            }
        }
        return matching;
    }

    /** The keys of every recorded event, in order. */
    public synchronized List<Object> keys() {
        List<Object> keys = new ArrayList<>(this.events.size());
        for (RecordedEvent event : this.events) {
            keys.add(event.key());
        }
        return keys;
    }

    /** Argument {@code index} of every recorded {@code key} event, in order. */
    @SuppressWarnings("unchecked")
    public synchronized <T> List<T> args(Object key, int index) {
        List<T> values = new ArrayList<>();
        for (RecordedEvent event : this.events) {
            if (event.key().equals(key)) {
                values.add((T) event.args().get(index));
            }
        }
        return values;
    }

    /** How many events arrived after the recorder was full. */
    public synchronized long dropped() {
        return this.dropped;
    }

    /** Forgets every recorded event. */
    public synchronized void clear() {
        this.events.clear();
        this.dropped = 0;
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
