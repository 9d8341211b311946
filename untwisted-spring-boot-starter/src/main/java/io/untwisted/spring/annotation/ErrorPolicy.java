package io.untwisted.spring.annotation;

/**
 * What a server does with a connection after one of its handlers throws. Either way the failure
 * is logged, counted and delivered to the server's {@code @OnEvent(ERROR)} methods first.
 */
public enum ErrorPolicy {

    /** Close the connection once the bytes already queued for it are written (the default). */
    CLOSE,

    /** Keep the connection open. */
    KEEP
}
