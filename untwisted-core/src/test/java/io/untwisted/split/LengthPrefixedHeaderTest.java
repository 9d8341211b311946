package io.untwisted.split;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import io.untwisted.event.Dispatcher;
import io.untwisted.event.Events;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Row F5 of the reliability matrix (CVE-2021-32675 shape): a length header that is negative,
 * {@code 2^31-1} or over the maximum is rejected before anything of that size is allocated, and a
 * frame's buffer grows with the bytes that arrive. Allocation is measured per thread with
 * {@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long)}.
 */
@Timeout(30)
class LengthPrefixedHeaderTest {

    private static final int MAX = 64 * 1024;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Dispatcher source = new Dispatcher();
    private final List<Object> driven = new ArrayList<>();

    @BeforeAll
    static void warmUp() {
        assumeThat(THREADS.isThreadAllocatedMemorySupported()).isTrue();
        THREADS.setThreadAllocatedMemoryEnabled(true);
        for (OverflowAction action : OverflowAction.values()) {
            new LengthPrefixedHeaderTest().feedAndMeasure(LengthPrefixed.install(new Dispatcher(), 4, MAX, action),
                    new byte[] {0x7F, 1, 2, 3});
            new LengthPrefixedHeaderTest().feedAndMeasure(LengthPrefixed.install(new Dispatcher(), 4, MAX, action),
                    new byte[] {(byte) 0x80, 1, 2, 3});
        }
    }

    @Test
    void aNegativeHeaderIsMalformedAndAllocatesNothingLikeItsLength() {
        for (OverflowAction action : OverflowAction.values()) {
            LengthPrefixed splitter = install(action);

            long allocated = feedAndMeasure(splitter, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});

            assertThat(this.driven).last().isInstanceOf(MalformedFrameException.class);
            assertThat(splitter.isActive()).isFalse();
            assertThat(allocated).as("bytes allocated, %s", action).isLessThan(MAX);
        }
    }

    @Test
    void aHeaderOfIntMaxValueOverflowsBeforeAllocating() {
        for (OverflowAction action : OverflowAction.values()) {
            LengthPrefixed splitter = install(action);

            long allocated = feedAndMeasure(splitter, new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 'x', 'y'});

            assertThat(this.driven).last().isInstanceOfSatisfying(FrameTooLongException.class,
                    cause -> assertThat(cause.length()).isEqualTo(Integer.MAX_VALUE));
            assertThat(splitter.buffered()).isZero();
            assertThat(allocated).as("bytes allocated, %s", action).isLessThan(MAX);
        }
    }

    @Test
    void aHeaderJustOverTheMaximumOverflows() {
        LengthPrefixed splitter = install(OverflowAction.CLOSE);

        long allocated = feedAndMeasure(splitter, new byte[] {0, 1, 0, 1});

        assertThat(this.driven).singleElement().isInstanceOf(FrameTooLongException.class);
        assertThat(allocated).isLessThan(MAX);
    }

    @Test
    void aFrameOfTheMaximumGrowsWithItsBytes() {
        LengthPrefixed splitter = install(OverflowAction.CLOSE);

        long allocated = feedAndMeasure(splitter, new byte[] {0, 1, 0, 0, 'x'});

        assertThat(splitter.buffered()).isEqualTo(1);
        assertThat(allocated).as("bytes allocated for one byte of a 64 KiB frame").isLessThan(MAX / 4);
        assertThat(this.driven).isEmpty();
    }

    private LengthPrefixed install(OverflowAction action) {
        this.driven.clear();
        Dispatcher source = new Dispatcher();
        source.on(Events.OVERFLOW, e -> this.driven.add(e.arg(0)));
        source.on(Events.ERROR, e -> this.driven.add(e.arg(0)));
        source.on(LengthPrefixed.FOUND, e -> this.driven.add(e.arg(0)));
        return LengthPrefixed.install(source, 4, MAX, action);
    }

    private long feedAndMeasure(LengthPrefixed splitter, byte[] bytes) {
        ByteBuffer chunk = ByteBuffer.wrap(bytes);
        long thread = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        splitter.source().drive(Events.LOAD, chunk);
        return THREADS.getThreadAllocatedBytes(thread) - before;
    }
}
