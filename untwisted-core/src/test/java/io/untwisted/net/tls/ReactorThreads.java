package io.untwisted.net.tls;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.ReactorGroup;

/** The threads of a reactor group, to measure the CPU time and heap allocation they spend. */
final class ReactorThreads {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final long[] ids;

    private ReactorThreads(long[] ids) {
        this.ids = ids;
    }

    static ReactorThreads of(ReactorGroup group) throws Exception {
        List<Reactor> reactors = group.reactors();
        long[] ids = new long[reactors.size()];
        for (int i = 0; i < ids.length; i++) {
            CompletableFuture<Long> id = new CompletableFuture<>();
            reactors.get(i).execute(() -> id.complete(Thread.currentThread().getId()));
            ids[i] = id.get(10, TimeUnit.SECONDS);
        }
        return new ReactorThreads(ids);
    }

    /** CPU time the threads have used, in nanoseconds. */
    long cpuNanos() {
        long total = 0;
        for (long id : this.ids) {
            total += Math.max(0, THREADS.getThreadCpuTime(id));
        }
        return total;
    }

    /** Bytes of heap the threads have allocated. */
    long allocatedBytes() {
        long total = 0;
        for (long id : this.ids) {
            total += Math.max(0, THREADS.getThreadAllocatedBytes(id));
        }
        return total;
    }
}
