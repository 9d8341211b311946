/**
 * Turns {@code @OnEvent} methods into handlers, once, at startup: the argument plan of each
 * method, its compiled {@code MethodHandle} invoker and what to do with its return value.
 */
@NullMarked
package io.untwisted.spring.binding;

import org.jspecify.annotations.NullMarked;
