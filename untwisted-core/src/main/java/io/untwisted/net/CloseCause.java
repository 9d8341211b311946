package io.untwisted.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.InterruptedByTimeoutException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import io.untwisted.event.HandlerFailure;
import io.untwisted.net.tls.TlsHandshakeTimeoutException;
import io.untwisted.net.tls.TlsTruncationException;
import io.untwisted.split.FrameTooLongException;

/**
 * What made a connection close, classified from the cause given with its {@link CloseReason}: a
 * bounded set of values, fit for a metric tag ({@link #tagValue()}) and for deciding what to do
 * about a close without matching on exception types and messages.
 *
 * <p>{@link CloseReason} says who or what closed the connection; the cause says why. An orderly
 * close, an idle timeout or a shutdown carries no cause and is {@link #NONE}. Stateless and safe
 * from any thread.
 */
public enum CloseCause {

    /** No cause was given: an orderly close by either side, an idle timeout, a shutdown. */
    NONE,
    /** A peer sent a frame longer than the splitter allows ({@link FrameTooLongException}). */
    FRAME_TOO_LONG,
    /** A peer broke the framing protocol ({@code io.untwisted.split.MalformedFrameException}). */
    PROTOCOL_ERROR,
    /** The outbound queue passed its hard limit: the peer does not read ({@link WriteQueueOverflowException}). */
    WRITE_LIMIT,
    /** The peer reset the connection (RST), seen as "Connection reset" or "Broken pipe". */
    RESET,
    /** Any other I/O failure. */
    IO_ERROR,
    /** A handler threw and the error policy closed the connection ({@link HandlerFailure}). */
    HANDLER_ERROR,
    /** The TLS handshake failed ({@link SSLHandshakeException}). */
    TLS_HANDSHAKE,
    /** The TLS handshake did not finish in time ({@link TlsHandshakeTimeoutException}). */
    TLS_HANDSHAKE_TIMEOUT,
    /** The peer ended its TCP stream without a TLS close_notify ({@link TlsTruncationException}). */
    TLS_TRUNCATED,
    /** Any other TLS failure after or outside the handshake ({@link SSLException}). */
    TLS_ERROR,
    /** Something the connection waited for did not come in time ({@link SocketTimeoutException} and the like). */
    TIMEOUT,
    /** A cause that fits none of the above. */
    OTHER;

    private static final String MALFORMED_FRAME = "io.untwisted.split.MalformedFrameException";
    private static final int MAX_UNWRAPPED = 4;

    /**
     * Classifies the close of a connection.
     *
     * @param reason why it closed, as reported in {@code CLOSE}; today the class of the cause alone
     *               decides, so the same failure is classified alike whoever closed
     * @param cause  the failure reported with it, or null
     */
    public static CloseCause of(CloseReason reason, Throwable cause) {
        Throwable failure = unwrap(cause);
        if (failure == null) {
            return NONE;
        }
        if (failure instanceof HandlerFailure) {
            return HANDLER_ERROR;
        }
        if (failure instanceof FrameTooLongException) {
            return FRAME_TOO_LONG;
        }
        if (isNamed(failure.getClass(), MALFORMED_FRAME)) {
            return PROTOCOL_ERROR;
        }
        if (failure instanceof WriteQueueOverflowException) {
            return WRITE_LIMIT;
        }
        if (failure instanceof SSLException) {
            return tls((SSLException) failure);
        }
        if (failure instanceof SocketTimeoutException || failure instanceof TimeoutException
                || failure instanceof InterruptedByTimeoutException) {
            return TIMEOUT;
        }
        if (isReset(failure)) {
            return RESET;
        }
        return failure instanceof IOException ? IO_ERROR : OTHER;
    }

    /** The lower-case name used as a tag value: {@code none}, {@code frame_too_long}, ... */
    public String tagValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static CloseCause tls(SSLException failure) {
        if (failure instanceof TlsHandshakeTimeoutException) {
            return TLS_HANDSHAKE_TIMEOUT;
        }
        if (failure instanceof TlsTruncationException) {
            return TLS_TRUNCATED;
        }
        return failure instanceof SSLHandshakeException ? TLS_HANDSHAKE : TLS_ERROR;
    }

    /** Whether {@code failure} is how the JDK reports a connection reset by its peer (ECONNRESET, EPIPE). */
    private static boolean isReset(Throwable failure) {
        if (!(failure instanceof IOException)) {
            return false;
        }
        String message = failure.getMessage();
        if (message == null) {
            return false;
        }
        return message.startsWith("Connection reset") || message.startsWith("Broken pipe")
                || failure instanceof SocketException && message.contains("reset by peer");
    }

    private static Throwable unwrap(Throwable cause) {
        Throwable current = cause;
        for (int i = 0; i < MAX_UNWRAPPED && current != null && current.getCause() != null
                && (current instanceof UncheckedIOException || current instanceof CompletionException
                        || current instanceof ExecutionException); i++) {
            current = current.getCause();
        }
        return current;
    }

    private static boolean isNamed(Class<?> type, String name) {
        for (Class<?> current = type; current != null; current = current.getSuperclass()) {
            if (current.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
