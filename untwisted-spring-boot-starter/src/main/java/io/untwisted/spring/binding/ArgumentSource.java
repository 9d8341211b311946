package io.untwisted.spring.binding;

import io.untwisted.event.Event;

import org.jspecify.annotations.Nullable;

/**
 * Where one parameter of an {@code @OnEvent} method takes its value from, chosen once at startup
 * by a {@link ParameterBinder}.
 *
 * <p>Called on the thread that drives the event (the connection's reactor thread), during the
 * drive: the {@link Event} is valid only then.
 */
@FunctionalInterface
public interface ArgumentSource {

    /**
     * The parameter's value for this occurrence of the event.
     *
     * @throws Exception when the event's arguments do not fit the parameter (a custom event
     *                   driven with other arguments than the method expects)
     */
    @Nullable Object resolve(Event event) throws Exception;
}
