package io.untwisted.spring.context;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Measures the calls of one handler method (a link in a chain: each instrumentation calls the next
 * one inside its measurement).
 *
 * <p>Called on the thread that runs the handler: a reactor thread, or an offload thread. Must be
 * fast and allocation-free on the hot path, and must never swallow what the call throws.
 */
public interface HandlerInstrumentation {

    /** Calls the handler and measures nothing. */
    HandlerInstrumentation NONE = new HandlerInstrumentation() {
        @Override
        public <T> @Nullable Object invoke(HandlerCall<T> call, T input) throws Exception {
            return call.call(input);
        }
    };

    /**
     * Runs {@code call} and measures it.
     *
     * @return what the call returned
     * @throws Exception what the call threw, unchanged
     */
    <T> @Nullable Object invoke(HandlerCall<T> call, T input) throws Exception;

    /**
     * Runs {@code call} like {@link #invoke(HandlerCall, Object)}, for a caller that has just read
     * {@link System#nanoTime()} as {@code startNanos}, so that timing the call takes one clock read
     * fewer. The default ignores {@code startNanos}.
     *
     * @return what the call returned
     * @throws Exception what the call threw, unchanged
     */
    default <T> @Nullable Object invoke(HandlerCall<T> call, T input, long startNanos) throws Exception {
        return invoke(call, input);
    }

    /**
     * The handler has been blocking its reactor's thread for {@code blockedFor}; called once per
     * blocking call, by the watchdog thread.
     */
    default void blocked(Duration blockedFor) {
    }
}
