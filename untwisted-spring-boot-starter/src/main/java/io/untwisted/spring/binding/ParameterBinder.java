package io.untwisted.spring.binding;

import org.jspecify.annotations.Nullable;

/**
 * Decides, once at startup, whether it can supply one parameter of an {@code @OnEvent} method and
 * from where (the idea of Spring's {@code HandlerMethodArgumentResolver#supportsParameter}, without
 * any per-call resolution).
 *
 * <p>Binders are asked in order; the first that returns a source wins. Called on the thread that
 * starts the application context.
 */
@FunctionalInterface
public interface ParameterBinder {

    /**
     * The source of {@code parameter}'s value, or null when this binder does not support it.
     *
     * @throws IllegalArgumentException when the binder recognizes the parameter but it cannot be
     *                                  bound in this method (the message says why)
     */
    @Nullable ArgumentSource bind(ParameterContext parameter);
}
