/**
 * The running side of the starter: the registry of declared servers, the lifecycle bean that
 * binds and gracefully stops them, the per-connection wiring (framing, idle timeout, offloading,
 * error policy) and the instrumentation SPI that metrics plug into.
 */
@NullMarked
package io.untwisted.spring.context;

import org.jspecify.annotations.NullMarked;
