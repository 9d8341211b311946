/**
 * Micrometer support: the meters of untwisted (declared once in {@link UntwistedMeters}), created
 * when a server is bound and only incremented on the hot path, reactor gauges, and an opt-in
 * {@code Observation} per handler call.
 */
@NullMarked
package io.untwisted.spring.metrics;

import org.jspecify.annotations.NullMarked;
