package io.untwisted.net;

/**
 * The bounds of a socket's outbound queue.
 *
 * <p>When queued bytes pass {@code high}, the socket stops reading and drives {@code PAUSED};
 * when a write brings them to {@code low} or below, it reads again and drives {@code RESUMED}.
 * A dump that would take the queue past {@code limit} closes the connection with a
 * {@link WriteQueueOverflowException} ({@link CloseReason#ERROR}), so a peer that never reads
 * cannot make the server buffer without bound. Files sent with {@code dumpFile} are not counted:
 * they are read from disk as the peer accepts them.
 *
 * @param low   resume reading at or below this many queued bytes, {@code >= 0}
 * @param high  pause reading above this many queued bytes, {@code >= low} and {@code > 0}
 * @param limit close the connection above this many queued bytes, {@code >= high}
 */
public record WriteWatermarks(int low, int high, long limit) {

    /** 32 KiB low, 64 KiB high, 64 MiB limit. */
    public static final WriteWatermarks DEFAULT = new WriteWatermarks(32 * 1024, 64 * 1024, 64L * 1024 * 1024);

    /** Checks the bounds. */
    public WriteWatermarks {
        if (low < 0) {
            throw new IllegalArgumentException("low watermark must be >= 0: " + low);
        }
        if (high <= 0 || high < low) {
            throw new IllegalArgumentException("high watermark must be > 0 and >= low (" + low + "): " + high);
        }
        if (limit < high) {
            throw new IllegalArgumentException("limit must be >= high watermark (" + high + "): " + limit);
        }
    }
}
