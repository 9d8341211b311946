package io.untwisted.net;

/** A typed handler of an event carrying a cause, such as {@code CONNECT_ERR} or {@code ERROR}. */
@FunctionalInterface
public interface FailureHandler {

    /** {@code cause} happened on {@code socket}. */
    void failed(SuperSocket socket, Throwable cause) throws Exception;
}
