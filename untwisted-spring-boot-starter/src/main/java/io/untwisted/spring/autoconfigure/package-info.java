/**
 * Spring Boot auto-configuration of untwisted: the reactor group lifecycle, {@code @OnEvent}
 * discovery, {@code untwisted.*} properties, Micrometer metrics and observations, and Actuator.
 */
@NullMarked
package io.untwisted.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
