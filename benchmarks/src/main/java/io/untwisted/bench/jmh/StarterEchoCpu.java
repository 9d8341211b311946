package io.untwisted.bench.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * {@link StarterEchoBench#echo()} timed by the thread's CPU time instead of the wall clock, for a
 * machine that other processes keep busy (JMH's times there swing by several times; CPU time does
 * not count the time the thread waits for a CPU). Run one configuration per JVM:
 * {@code java -cp benchmarks.jar io.untwisted.bench.jmh.StarterEchoCpu starter-on 16}. Prints the
 * median, lowest and highest of 7 samples, in CPU nanoseconds per operation (one turn serving
 * {@code connections} requests), after a warm-up of 10 samples' worth of operations.
 */
public final class StarterEchoCpu {

    private StarterEchoCpu() {
    }

    /** {@code metrics} ({@code starter-off|starter-on}), {@code connections}, optionally {@code registry}. */
    public static void main(String[] args) throws Exception {
        StarterEchoBench bench = new StarterEchoBench();
        bench.metrics = args[0];
        bench.connections = Integer.parseInt(args[1]);
        bench.registry = args.length > 2 ? args[2] : "prometheus";
        bench.setup();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int ops = bench.connections == 1 ? 400_000 : 40_000;
        long sink = 0;
        for (int i = 0; i < 10 * ops; i++) {
            sink += bench.echo();
        }
        double[] samples = new double[7];
        for (int s = 0; s < samples.length; s++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < ops; i++) {
                sink += bench.echo();
            }
            samples[s] = (threads.getCurrentThreadCpuTime() - start) / (double) ops;
        }
        bench.tearDown();
        Arrays.sort(samples);
        System.out.printf("%s connections=%d registry=%s: %.0f CPU ns/op (min %.0f, max %.0f; written %d)%n",
                bench.metrics, bench.connections, bench.registry, samples[3], samples[0], samples[6], sink);
    }
}
