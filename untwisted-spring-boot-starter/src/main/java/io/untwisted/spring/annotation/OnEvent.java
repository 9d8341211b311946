package io.untwisted.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link SocketServer} bean as the handler of one event.
 *
 * <p>{@code @OnEvent(ACCEPT)} methods are bound to the listening socket; every other event is
 * bound on each accepted connection. Parameters are bound by type: the emitting
 * {@code SuperSocket} (for {@code ACCEPT}, the accepted client), the payload as
 * {@code ByteBuffer}, {@code byte[]} or {@code String}, a {@code Throwable} cause, then the
 * event's other arguments in order. A non-null {@code String}, {@code byte[]} or
 * {@code ByteBuffer} return value is dumped back to the emitting socket.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnEvent {

    /** The event key, such as {@code Events.LOAD} or {@code Terminator.FOUND}. */
    String value();

    /**
     * Runs the handler off the reactor thread (on a virtual thread where the JVM has them),
     * keeping each connection's events in order.
     */
    boolean offload() default false;
}
