package io.untwisted.net;

import java.io.IOException;

/** The cause of a connection closed because its outbound queue passed {@link WriteWatermarks#limit()}. */
public final class WriteQueueOverflowException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception for a queue of {@code pending} bytes over {@code limit}. */
    public WriteQueueOverflowException(long pending, long limit) {
        super("outbound queue of " + pending + " bytes exceeds its limit of " + limit
                + " bytes: the peer does not read fast enough");
    }
}
