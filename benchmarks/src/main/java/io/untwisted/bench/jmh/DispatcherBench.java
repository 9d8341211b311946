package io.untwisted.bench.jmh;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import io.untwisted.event.Dispatcher;
import io.untwisted.event.Events;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link Dispatcher#drive} of one event to 1 and 4 handlers, with a {@code ByteBuffer} argument
 * (the {@code LOAD} case: with more than one handler the dispatcher marks and resets the buffer
 * between handlers) and with a plain object argument. Run with {@code -prof gc} to see the
 * allocation per drive.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DispatcherBench {

    @Param({"1", "4"})
    public int handlers;

    /** Events registered besides {@code LOAD}, as on a socket with CLOSE, DUMPED, ... handlers. */
    @Param({"0", "4"})
    public int otherEvents;

    private Dispatcher dispatcher;
    private ByteBuffer buffer;
    private final Object frame = new byte[16];

    @Setup
    public void setup(Blackhole blackhole) {
        this.dispatcher = new Dispatcher();
        String[] others = {Events.CLOSE, Events.DUMPED, Events.ERROR, Events.CONNECT};
        for (int i = 0; i < this.otherEvents; i++) {
            this.dispatcher.on(others[i], e -> blackhole.consume(e.args()));
        }
        for (int i = 0; i < this.handlers; i++) {
            this.dispatcher.on(Events.LOAD, e -> blackhole.consume(e.<ByteBuffer>arg(0).remaining()));
            this.dispatcher.on("frame", e -> blackhole.consume(e.arg(0)));
        }
        this.buffer = ByteBuffer.allocateDirect(16);
    }

    @Benchmark
    public void driveBuffer() {
        this.dispatcher.drive(Events.LOAD, this.buffer);
    }

    @Benchmark
    public void driveObject() {
        this.dispatcher.drive("frame", this.frame);
    }
}
