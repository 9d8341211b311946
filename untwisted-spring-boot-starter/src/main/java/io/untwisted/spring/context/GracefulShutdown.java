package io.untwisted.spring.context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graceful part of stopping the servers: stop accepting, drive {@code SHUTDOWN} on every
 * connection and close it once its queued writes are written, wait for that until the deadline,
 * then close whatever is still open at once. The reactors keep running throughout; stopping them
 * is the caller's next step.
 *
 * <p>Runs on the lifecycle's shutdown thread. Bounded: it waits at most the timeout minus a margin
 * (a tenth of it, at most one second) kept for closing the rest and stopping the reactors.
 */
final class GracefulShutdown implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

    private final List<UntwistedServer> servers;
    private final Duration timeout;

    GracefulShutdown(List<UntwistedServer> servers, Duration timeout) {
        this.servers = servers;
        this.timeout = timeout;
    }

    @Override
    public void run() {
        long deadline = System.nanoTime() + drainBudget(this.timeout).toNanos();
        this.servers.forEach(UntwistedServer::stopAccepting);
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (UntwistedServer server : this.servers) {
            closing.addAll(server.shutdownConnections());
        }
        awaitClosed(closing, deadline);
        int aborted = 0;
        for (UntwistedServer server : this.servers) {
            aborted += server.abortConnections();
        }
        if (aborted > 0) {
            log.warn("Closed {} connection(s) that had not drained within the shutdown timeout of {}", aborted,
                    this.timeout);
        }
    }

    static Duration drainBudget(Duration timeout) {
        Duration tenth = timeout.dividedBy(10);
        Duration margin = tenth.compareTo(Duration.ofSeconds(1)) < 0 ? tenth : Duration.ofSeconds(1);
        return timeout.minus(margin);
    }

    private static void awaitClosed(List<CompletableFuture<Void>> closing, long deadline) {
        if (closing.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0]))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException ex) {
            // Expected when a peer reads slowly: what is still open is closed at once next.
            log.debug("Connections still open at the shutdown deadline", ex);
        }
        catch (ExecutionException ex) {
            log.warn("Waiting for connections to close failed", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
