package io.untwisted.spring.context;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the executor that runs offloaded handlers: one virtual thread per task where the
 * running JVM has them (Java 21+), otherwise a fixed pool of daemon threads.
 *
 * <p>Bounds: each connection has at most one task on the executor at a time (its
 * {@link OffloadLane} queues the rest, bounded), so the pool's queue holds at most one task per
 * open connection.
 */
final class OffloadExecutors {

    private static final Logger log = LoggerFactory.getLogger(OffloadExecutors.class);

    private OffloadExecutors() {
    }

    /** A new executor; {@code poolSize} threads when virtual threads are not available. */
    static ExecutorService create(int poolSize) {
        try {
            Object executor = Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
            log.debug("Offloaded handlers run on virtual threads");
            return (ExecutorService) executor;
        }
        catch (NoSuchMethodException ex) {
            log.debug("No virtual threads on this JVM; offloaded handlers run on {} threads", poolSize);
        }
        catch (ReflectiveOperationException | RuntimeException ex) {
            log.debug("Virtual threads are not usable; offloaded handlers run on {} threads", poolSize, ex);
        }
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(poolSize, poolSize, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "untwisted-offload-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
