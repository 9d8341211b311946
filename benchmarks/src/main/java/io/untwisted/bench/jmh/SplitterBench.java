package io.untwisted.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.untwisted.split.Fixed;
import io.untwisted.split.LengthPrefixed;

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
 * The toolkit's binary splitters over 64 MiB of frames in the {@link TerminatorBench} chunkings,
 * through a socket's whole read path: {@code fixed} ({@link Fixed}, frames of
 * {@code frameLength} bytes) and {@code length-prefixed} ({@link LengthPrefixed}, a 4-byte
 * header then {@code frameLength} bytes). One operation is the whole 64 MiB.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SplitterBench {

    @Param({"fixed", "length-prefixed"})
    public String splitter;

    @Param({"16", "1024"})
    public int frameLength;

    @Param({"64", "4096", "65536"})
    public int maxChunk;

    private ScriptedTransport transport;
    private OnReactor<Object> bench;
    private long frames;

    @Setup(Level.Trial)
    public void setup(Blackhole blackhole) {
        boolean prefixed = this.splitter.equals("length-prefixed");
        int unit = this.frameLength + (prefixed ? 4 : 0);
        int count = Streams.SIXTY_FOUR_MIB / unit;
        byte[] stream = new byte[count * unit];
        SplittableRandom random = new SplittableRandom(3);
        for (int at = 0; at < stream.length; at += unit) {
            int body = at;
            if (prefixed) {
                stream[at] = (byte) (this.frameLength >>> 24);
                stream[at + 1] = (byte) (this.frameLength >>> 16);
                stream[at + 2] = (byte) (this.frameLength >>> 8);
                stream[at + 3] = (byte) this.frameLength;
                body += 4;
            }
            for (int i = 0; i < this.frameLength; i++) {
                stream[body + i] = (byte) random.nextInt(256);
            }
        }
        this.transport = new ScriptedTransport(stream, Streams.chunks(this.maxChunk));
        String found = prefixed ? LengthPrefixed.FOUND : Fixed.FOUND;
        this.bench = new OnReactor<>(this.transport, socket -> {
            Object installed = prefixed ? LengthPrefixed.install(socket, 4, 64 * 1024)
                    : Fixed.install(socket, this.frameLength);
            socket.on(found, e -> {
                this.frames++;
                blackhole.consume(e.arg(0));
            });
            return installed;
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
