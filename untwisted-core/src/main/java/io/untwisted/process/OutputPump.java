package io.untwisted.process;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

import io.untwisted.reactor.Reactor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one blocking pipe of a child on a thread of its own and hands each chunk to the reactor,
 * with at most {@link ChildOutput#MAX_CHUNKS_IN_FLIGHT} chunks waiting there.
 */
final class OutputPump implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(OutputPump.class);

    private final InputStream in;
    private final ChildOutput output;
    private final Reactor reactor;
    private final Semaphore inFlight = new Semaphore(ChildOutput.MAX_CHUNKS_IN_FLIGHT);

    OutputPump(InputStream in, ChildOutput output, Reactor reactor) {
        this.in = in;
        this.output = output;
        this.reactor = reactor;
    }

    @Override
    public void run() {
        Throwable failure = null;
        byte[] buffer = new byte[ChildOutput.CHUNK_SIZE];
        try (InputStream stream = this.in) {
            int count;
            while ((count = stream.read(buffer)) >= 0) {
                if (count == 0) {
                    continue;
                }
                byte[] chunk = Arrays.copyOf(buffer, count);
                this.inFlight.acquire();
                if (!hand(() -> {
                    try {
                        this.output.load(chunk);
                    }
                    finally {
                        this.inFlight.release();
                    }
                })) {
                    return;
                }
            }
        }
        catch (IOException ex) {
            failure = ex;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            failure = ex;
        }
        Throwable cause = failure;
        hand(() -> this.output.ended(cause));
    }

    private boolean hand(Runnable task) {
        try {
            this.reactor.execute(task);
            return true;
        }
        catch (RejectedExecutionException ex) {
            log.warn("{}: the reactor refused a chunk; no longer reading the child's output", this.output, ex);
            return false;
        }
    }
}
