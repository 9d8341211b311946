package io.untwisted.bench.jmh;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.untwisted.event.Events;
import io.untwisted.event.Handler;
import io.untwisted.net.NetObserver;
import io.untwisted.net.SuperSocket;
import io.untwisted.spring.annotation.OnEvent;
import io.untwisted.spring.metrics.MicrometerInstrumentation;

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
 * <li>{@code starter-off}: the starter's own handler for an {@code @OnEvent(LOAD) void
 * load(ByteBuffer)} method (its watchdog bookkeeping, method-handle call and reply), without
 * instrumentation: {@code untwisted.metrics.enabled=false};</li>
 * <li>{@code starter-on}: the same with the starter's {@link MicrometerInstrumentation} (the
 * server's {@code NetObserver} counting events and bytes, the handler timed), as an application
 * runs it by default;</li>
 * <li>{@code off}, {@code counters}, {@code timed}: the same read to a bare core handler, with no
 * metrics, with Micrometer counters for bytes and events, and with a Micrometer {@link Timer}
 * around the handler too: what each piece of Micrometer costs on its own.</li>
 * </ul>
 * {@code off}, {@code counters} and {@code timed} record into a {@link SimpleMeterRegistry};
 * {@code starter-on} into the registry {@code registry} names (the demo app's is Prometheus').
 * No reactor turn runs between reads: per-turn work is in {@link StarterEchoBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MetricsBench {

    @Param({"starter-off", "starter-on", "off", "counters", "timed"})
    public String metrics;

    /** The registry of {@code starter-on}: the demo app's ({@code prometheus}) or {@code simple}. */
    @Param({"prometheus", "simple"})
    public String registry;

    private ScriptedTransport transport;
    private OnReactor<Void> bench;

    @Setup(Level.Trial)
    public void setup(Blackhole blackhole) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
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
            case "off", "starter-off", "starter-on" -> bare;
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
        LoadBean bean = new LoadBean();
        this.bench = new OnReactor<>(this.transport, socket -> {
            if (this.metrics.startsWith("starter")) {
                StarterBinding.bind(socket, bean, "load",
                        this.metrics.equals("starter-on") ? StarterBinding.registry(this.registry) : null);
                return null;
            }
            if (!"off".equals(this.metrics)) {
                socket.observer(counting);
            }
            socket.on(Events.LOAD, handler);
            return null;
        });
    }

    /** An application's handler bean. */
    public static final class LoadBean {
        long bytes;

        @OnEvent(Events.LOAD)
        public void load(ByteBuffer data) {
            this.bytes += data.remaining();
        }
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
