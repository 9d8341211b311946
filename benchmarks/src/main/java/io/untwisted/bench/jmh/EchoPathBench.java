package io.untwisted.bench.jmh;

import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

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

/**
 * The echo server's per-request path in core without the kernel's socket work: a read of
 * {@code size} bytes, {@code LOAD}, {@code dump(data)} (a copy into the outbound queue), and the
 * reactor turn that flushes it with one write. A turn includes one {@code selectNow} on an empty
 * selector (a system call), as every turn of a real reactor does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EchoPathBench {

    @Param({"16", "1024"})
    public int size;

    private ScriptedTransport transport;
    private OnReactor<Void> bench;

    @Setup(Level.Trial)
    public void setup() {
        this.transport = new ScriptedTransport(new byte[this.size * 4096], new int[] {this.size});
        this.bench = new OnReactor<>(this.transport, socket -> {
            socket.onLoad((s, data) -> s.dump(data));
            return null;
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        this.bench.close();
    }

    /** Read, {@code LOAD}, dump, flush. */
    @Benchmark
    public long echo() throws Exception {
        OnReactor<Void> on = this.bench.ensure();
        SuperSocket socket = on.socket();
        if (this.transport.exhausted()) {
            this.transport.rewind();
        }
        socket.ready(SelectionKey.OP_READ);
        on.reactor().runOnce(Duration.ZERO);
        return this.transport.written();
    }
}
