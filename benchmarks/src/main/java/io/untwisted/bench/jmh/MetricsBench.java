package io.untwisted.bench.jmh;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.untwisted.event.Events;
import io.untwisted.event.Handler;
import io.untwisted.net.NetObserver;
import io.untwisted.net.SuperSocket;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of metrics per event: one 16-byte read through a socket's read path to a {@code LOAD}
 * handler, with
 * <ul>
 * <li>{@code off}: no observer, the bare handler;</li>
 * <li>{@code counters}: a {@link NetObserver} counting bytes received and an events counter
 * incremented per drive (the DESIGN's {@code untwisted.data.received} and {@code untwisted.events});</li>
 * <li>{@code timed}: the same plus the handler timed into a Micrometer {@link Timer}
 * ({@code untwisted.handler}).</li>
 * </ul>
 * Meters are created once and cached, as DESIGN's hot path requires; the hot path only
 * increments. TODO(starter): this is a stand-in built from core's {@link NetObserver} hook and
 * Micrometer; once the starter lands, measure its real instrumentation (its observer and handler
 * wrapper) instead, with metrics enabled and disabled by configuration.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MetricsBench {

    @Param({"off", "counters", "timed"})
    public String metrics;

    private ScriptedTransport transport;
    private OnReactor<Void> bench;

    @Setup(Level.Trial)
    public void setup(Blackhole blackhole) {
        MeterRegistry registry = new SimpleMeterRegistry();
        Counter received = Counter.builder("untwisted.data.received").baseUnit("bytes").tag("server", "bench")
                .register(registry);
        Counter events = Counter.builder("untwisted.events").tag("server", "bench").tag("event", "load")
                .register(registry);
        Timer timer = Timer.builder("untwisted.handler").tag("server", "bench").tag("event", "load")
                .tag("handler", "Bench#load").tag("outcome", "success").tag("exception", "none").register(registry);
        Handler bare = e -> blackhole.consume(e.<ByteBuffer>arg(0).remaining());
        NetObserver counting = new NetObserver() {
            @Override
            public void received(SuperSocket socket, int bytes) {
                received.increment(bytes);
            }
        };
        Handler handler = switch (this.metrics) {
            case "off" -> bare;
            case "counters" -> e -> {
                events.increment();
                bare.handle(e);
            };
            case "timed" -> e -> {
                events.increment();
                long start = System.nanoTime();
                try {
                    bare.handle(e);
                }
                finally {
                    timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                }
            };
            default -> throw new IllegalArgumentException(this.metrics);
        };
        byte[] stream = new byte[16 * 4096];
        this.transport = new ScriptedTransport(stream, new int[] {16});
        this.bench = new OnReactor<>(this.transport, socket -> {
            if (!"off".equals(this.metrics)) {
                socket.observer(counting);
            }
            socket.on(Events.LOAD, handler);
            return null;
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        this.bench.close();
    }

    /** One 16-byte read and its {@code LOAD}. */
    @Benchmark
    public void load() throws Exception {
        SuperSocket socket = this.bench.ensure().socket();
        if (this.transport.exhausted()) {
            this.transport.rewind();
        }
        socket.ready(SelectionKey.OP_READ);
    }
}
