package io.untwisted.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The "fast client" of the reliability rows: a blocking client that sends a small message to an
 * echo server, reads its echo back, and times each round trip; and the percentiles of the times.
 */
public final class RoundTrips {

    private static final int MAX_SAMPLES = 1 << 20;

    private RoundTrips() {
    }

    /**
     * Sends {@code message} and reads its echo over and over while {@code keepGoing} says so (at
     * most {@value #MAX_SAMPLES} times), pausing {@code pauseNanos} between two round trips.
     *
     * @return every round trip in nanoseconds, in the order they happened
     * @throws IOException when the server closes the connection or echoes something else
     */
    public static long[] collect(Socket socket, byte[] message, BooleanSupplier keepGoing, long pauseNanos)
            throws IOException {
        long[] times = new long[MAX_SAMPLES];
        int count = 0;
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        byte[] reply = new byte[message.length];
        while (keepGoing.getAsBoolean() && count < times.length) {
            long start = System.nanoTime();
            out.write(message);
            out.flush();
            int read = 0;
            while (read < reply.length) {
                int n = in.read(reply, read, reply.length - read);
                if (n < 0) {
                    throw new IOException("the server closed the connection after " + count + " round trips");
                }
                read += n;
            }
            times[count++] = System.nanoTime() - start;
            if (!Arrays.equals(reply, message)) {
                throw new IOException("wrong echo: " + new String(reply, StandardCharsets.ISO_8859_1));
            }
            if (pauseNanos > 0) {
                LockSupport.parkNanos(pauseNanos);
            }
        }
        return Arrays.copyOf(times, count);
    }

    /**
     * The {@code percent} percentile of {@code sorted}: the sample at index
     * {@code length * percent / 100} (the last one for 100), or 0 when there are none.
     */
    public static long percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) ((long) sorted.length * percent / 100))];
    }
}
