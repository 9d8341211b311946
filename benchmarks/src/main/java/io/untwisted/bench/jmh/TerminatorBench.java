package io.untwisted.bench.jmh;

import java.util.concurrent.TimeUnit;

import io.untwisted.split.Terminator;

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
 * The {@link Terminator} over 64 MiB of {@code \r\n} frames arriving in random chunkings, through
 * a real socket's read path (reactor buffer, {@code LOAD}, the splitter, {@code FOUND} to a
 * handler). One operation is the whole 64 MiB: MiB/s = 64 000 / (ms/op).
 *
 * <p>{@code maxChunk} is the largest read: reads are uniform in {@code [1, maxChunk]}, so 64
 * means tiny reads (per-read overhead dominates), 65536 means full reactor buffers (scanning
 * and copying dominate).
 *
 * The other splitters: {@link SplitterBench}; the demo's RESP parser: {@link RespParserBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TerminatorBench {

    @Param({"16", "1024"})
    public int frameLength;

    @Param({"64", "4096", "65536"})
    public int maxChunk;

    private ScriptedTransport transport;
    private OnReactor<Terminator> bench;
    private long frames;

    @Setup(Level.Trial)
    public void setup(Blackhole blackhole) {
        this.transport = new ScriptedTransport(Streams.lines(Streams.SIXTY_FOUR_MIB, this.frameLength),
                Streams.chunks(this.maxChunk));
        this.bench = new OnReactor<>(this.transport, socket -> {
            Terminator terminator = Terminator.install(socket, "\r\n", 64 * 1024);
            socket.on(Terminator.FOUND, e -> {
                this.frames++;
                blackhole.consume(e.arg(0));
            });
            return terminator;
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        this.bench.close();
    }

    @Benchmark
    public long split() throws Exception {
        long before = this.frames;
        this.transport.playInto(this.bench.ensure().socket());
        return this.frames - before;
    }
}
