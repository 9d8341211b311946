package io.untwisted.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;

class EventCountersTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Counter load = this.registry.counter("events", "event", "load");
    private final Counter overflow = this.registry.counter("events", "event", "overflow");
    private final Counter found = this.registry.counter("events", "event", "resp.found");
    private final Counter other = this.registry.counter("events", "event", "other");

    @Test
    void shouldFindCountersByTheConstantOrAnEqualKey() {
        // Names read from annotations are equal to the constants, but other instances.
        EventCounters counters = new EventCounters(Map.of(new String("load"), this.load,
                new String("overflow"), this.overflow, new String("resp.found"), this.found), this.other,
                "overflow");
        assertThat(counters.of("load")).isSameAs(this.load);
        assertThat(counters.of(new String("load"))).isSameAs(this.load);
        assertThat(counters.of("resp.found")).isSameAs(this.found);
        assertThat(counters.of("unknown")).isSameAs(this.other);
        assertThat(counters.of(42)).isSameAs(this.other);
        assertThat(counters.isOverflow(counters.indexOf(new String("overflow")))).isTrue();
        assertThat(counters.isOverflow(counters.indexOf("load"))).isFalse();
        assertThat(counters.isOverflow(counters.indexOf("unknown"))).isFalse();
    }

    @Test
    void shouldGiveEveryCounterADenseIndex() {
        EventCounters counters = new EventCounters(Map.of("load", this.load, "overflow", this.overflow), this.other,
                "overflow");
        assertThat(counters.size()).isEqualTo(3);
        assertThat(counters.counter(counters.indexOf("load"))).isSameAs(this.load);
        assertThat(counters.counter(counters.indexOf(new String("overflow")))).isSameAs(this.overflow);
        assertThat(counters.counter(counters.indexOf("unknown"))).isSameAs(this.other);
        assertThat(counters.isOverflow(counters.indexOf("overflow"))).isTrue();
        assertThat(counters.isOverflow(counters.indexOf("unknown"))).isFalse();
        assertThat(java.util.stream.IntStream.range(0, counters.size()).mapToObj(counters::counter))
                .containsExactlyInAnyOrder(this.load, this.overflow, this.other);
    }
}
