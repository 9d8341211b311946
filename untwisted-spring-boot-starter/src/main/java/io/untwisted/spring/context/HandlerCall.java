package io.untwisted.spring.context;

import org.jspecify.annotations.Nullable;

/**
 * One call of a handler method, as {@link HandlerInstrumentation} sees it.
 *
 * @param <T> what the call takes: the {@code Event} for calls on the reactor thread, the resolved
 *            arguments for offloaded calls
 */
@FunctionalInterface
public interface HandlerCall<T> {

    /**
     * Calls the handler.
     *
     * @return what it returned
     * @throws Exception what it threw
     */
    @Nullable Object call(T input) throws Exception;
}
