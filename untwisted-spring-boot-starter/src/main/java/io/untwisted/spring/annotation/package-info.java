/**
 * The annotations that declare untwisted servers and their event handlers in a Spring
 * application, and the processor that discovers them.
 */
@NullMarked
package io.untwisted.spring.annotation;

import org.jspecify.annotations.NullMarked;
