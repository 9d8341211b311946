package io.untwisted.bench.jmh;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import io.untwisted.demo.redis.RespLimits;
import io.untwisted.demo.redis.RespParser;
import io.untwisted.demo.redis.RespRequest;
import io.untwisted.demo.redis.RespSplitter;

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
 * The demo's RESP parser over 64 MiB of multibulk {@code SET key <value>} commands arriving in
 * reads of random sizes in {@code [1, maxChunk]}:
 * <ul>
 * <li>{@code parser}: {@link RespParser#next} alone, fed the chunks in turn;</li>
 * <li>{@code splitter}: the {@link RespSplitter} installed on a socket, through the socket's whole
 * read path ({@code LOAD}, the parser, {@code resp.found} to a handler), as the demo server runs it.</li>
 * </ul>
 * One operation is the whole 64 MiB: MiB/s = 64 000 / (ms/op). The classes are compiled from the
 * demo app's sources (see the pom).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RespParserBench {

    /** The value length of each SET. */
    @Param({"16", "1024"})
    public int valueLength;

    @Param({"64", "4096", "65536"})
    public int maxChunk;

    private byte[] stream;
    private int[] chunks;
    private RespParser parser;
    private ScriptedTransport transport;
    private OnReactor<RespSplitter> bench;
    private long requests;

    @Setup(Level.Trial)
    public void setup(Blackhole blackhole) {
        this.stream = Streams.respSetCommands(Streams.SIXTY_FOUR_MIB, this.valueLength);
        this.chunks = Streams.chunks(this.maxChunk);
        this.parser = new RespParser(RespLimits.DEFAULT);
        this.transport = new ScriptedTransport(this.stream, this.chunks);
        this.bench = new OnReactor<>(this.transport, socket -> {
            RespSplitter splitter = RespSplitter.install(socket, RespLimits.DEFAULT);
            socket.on(RespSplitter.FOUND, e -> {
                this.requests++;
                blackhole.consume(e.arg(0));
            });
            return splitter;
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        this.bench.close();
    }

    @Benchmark
    public long parser(Blackhole blackhole) throws Exception {
        ByteBuffer all = ByteBuffer.wrap(this.stream);
        long count = 0;
        int next = 0;
        while (all.hasRemaining()) {
            int size = Math.min(this.chunks[next], all.remaining());
            next = next + 1 == this.chunks.length ? 0 : next + 1;
            ByteBuffer chunk = all.slice(all.position(), size);
            all.position(all.position() + size);
            RespRequest request;
            while ((request = this.parser.next(chunk)) != null) {
                blackhole.consume(request);
                count++;
            }
        }
        return count;
    }

    @Benchmark
    public long splitter() throws Exception {
        long before = this.requests;
        this.transport.playInto(this.bench.ensure().socket());
        return this.requests - before;
    }
}
