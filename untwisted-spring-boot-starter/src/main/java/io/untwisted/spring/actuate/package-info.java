/**
 * Actuator support: the {@code untwisted} health indicator and endpoint.
 */
@NullMarked
package io.untwisted.spring.actuate;

import org.jspecify.annotations.NullMarked;
