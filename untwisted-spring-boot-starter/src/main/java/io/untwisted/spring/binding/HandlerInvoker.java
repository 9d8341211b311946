package io.untwisted.spring.binding;

import io.untwisted.event.Event;

import org.jspecify.annotations.Nullable;

/**
 * Calls one {@code @OnEvent} method on its bean, compiled once at startup from a
 * {@code MethodHandle}: no reflection, lookup or parameter inspection per call.
 *
 * <p>{@link #invoke} is called on the thread that drives the event; {@link #invokeWith} on any
 * thread, with arguments resolved earlier.
 */
public interface HandlerInvoker {

    /**
     * Resolves the arguments from {@code event} and calls the method.
     *
     * @return what the method returned (null for {@code void})
     * @throws Throwable whatever the method or an argument source threw
     */
    @Nullable Object invoke(Event event) throws Throwable;

    /**
     * Calls the method with arguments already resolved.
     *
     * @return what the method returned (null for {@code void})
     * @throws Throwable whatever the method threw
     */
    @Nullable Object invokeWith(@Nullable Object[] args) throws Throwable;
}
