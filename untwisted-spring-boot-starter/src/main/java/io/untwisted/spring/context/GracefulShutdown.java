package io.untwisted.spring.context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.untwisted.net.ServerShutdown;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graceful part of stopping the servers, all at once: each stops accepting, drives
 * {@code SHUTDOWN} on every connection and closes it once its queued writes are written, and at the
 * deadline resets whatever is still open (core's {@link ServerShutdown}). The reactors keep running
 * throughout; stopping them is the caller's next step.
 *
 * <p>Runs on the lifecycle's shutdown thread. Bounded: the deadline is the timeout minus a margin
 * (a tenth of it, at most one second) kept for resetting the rest and stopping the reactors.
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
        Duration budget = drainBudget(this.timeout);
        long deadline = System.nanoTime() + this.timeout.toNanos();
        List<CompletableFuture<ServerShutdown.Result>> shutdowns = new ArrayList<>();
        for (UntwistedServer server : this.servers) {
            shutdowns.add(server.shutdownGracefully(budget));
        }
        int aborted = 0;
        for (int i = 0; i < shutdowns.size(); i++) {
            ServerShutdown.Result result = await(shutdowns.get(i), deadline);
            if (result != null && result.aborted() > 0) {
                aborted += result.aborted();
                log.warn("untwisted server '{}': reset {} of {} connection(s) that had not drained within {}",
                        this.servers.get(i).name(), result.aborted(), result.connections(), budget);
            }
        }
        log.debug("untwisted servers shut down; {} connection(s) reset", aborted);
    }

    static Duration drainBudget(Duration timeout) {
        Duration tenth = timeout.dividedBy(10);
        Duration margin = tenth.compareTo(Duration.ofSeconds(1)) < 0 ? tenth : Duration.ofSeconds(1);
        return timeout.minus(margin);
    }

    private static ServerShutdown.Result await(CompletableFuture<ServerShutdown.Result> shutdown, long deadline) {
        try {
            return shutdown.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException ex) {
            // A reactor blocked by a handler cannot reset its connections; stopping it closes them.
            log.warn("untwisted: connections still open past the shutdown timeout; stopping the reactors closes them");
            return null;
        }
        catch (ExecutionException ex) {
            log.warn("untwisted: graceful shutdown failed", ex);
            return null;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
