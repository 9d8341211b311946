package io.untwisted.bench.jmh;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.untwisted.event.Events;
import io.untwisted.net.SuperSocket;
import io.untwisted.reactor.ReactorGroup;
import io.untwisted.spring.annotation.OnEvent;
import io.untwisted.spring.metrics.ReactorMetricsBinder;

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

/**
 * The demo's echo server through the starter, without the kernel: on each of {@code connections}
 * sockets a 16-byte read and its {@code LOAD} to an {@code @OnEvent(LOAD) ByteBuffer
 * load(ByteBuffer)} bean whose reply the starter dumps, then the reactor turn that flushes them
 * (with its {@code selectNow}). One operation is one turn serving {@code connections} requests. With
 * {@code starter-on}, the starter's {@code MicrometerInstrumentation} and the reactor meters of
 * {@link ReactorMetricsBinder} (the loop-lag timer) record into {@code registry}, as in an
 * application with metrics on; {@code starter-off} is {@code untwisted.metrics.enabled=false}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StarterEchoBench {

    @Param({"starter-off", "starter-on"})
    public String metrics;

    @Param({"prometheus", "simple"})
    public String registry;

    /** Sockets read once per turn: 1 is a lone request, 16 a busy reactor. */
    @Param({"1", "16"})
    public int connections;

    private ScriptedTransport[] transports;
    private OnReactor<SuperSocket[]> bench;

    @Setup(Level.Trial)
    public void setup() {
        this.transports = new ScriptedTransport[this.connections];
        for (int i = 0; i < this.connections; i++) {
            this.transports[i] = new ScriptedTransport(new byte[16 * 4096], new int[] {16});
        }
        boolean on = this.metrics.equals("starter-on");
        MeterRegistry meters = on ? StarterBinding.registry(this.registry) : null;
        EchoBean bean = new EchoBean();
        this.bench = new OnReactor<>(this.transports[0], first -> {
            SuperSocket[] sockets = new SuperSocket[this.connections];
            sockets[0] = first;
            for (int i = 1; i < sockets.length; i++) {
                try {
                    sockets[i] = SuperSocket.open(first.reactor(), this.transports[i]);
                }
                catch (java.io.IOException ex) {
                    throw new IllegalStateException(ex);
                }
            }
            java.util.function.Consumer<SuperSocket> server = StarterBinding.server(first.reactor(), bean, "load", meters);
            for (SuperSocket socket : sockets) {
                server.accept(socket);
            }
            return sockets;
        }, () -> {
            ReactorGroup group = new ReactorGroup(1, "bench");
            if (meters != null) {
                new ReactorMetricsBinder(group).bindTo(meters);
            }
            return group.reactors().get(0);
        });
    }

    /** The demo's echo bean. */
    public static final class EchoBean {
        @OnEvent(Events.LOAD)
        public ByteBuffer load(ByteBuffer data) {
            return data;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        this.bench.close();
    }

    /** On every socket a read, {@code LOAD} and the reply dumped; then the turn that flushes them. */
    @Benchmark
    public long echo() throws Exception {
        OnReactor<SuperSocket[]> on = this.bench.ensure();
        SuperSocket[] sockets = on.installed();
        for (int i = 0; i < sockets.length; i++) {
            if (this.transports[i].exhausted()) {
                this.transports[i].rewind();
            }
            sockets[i].ready(SelectionKey.OP_READ);
        }
        on.reactor().runOnce(Duration.ZERO);
        return this.transports[0].written();
    }
}
