package io.untwisted.net;

/** A typed handler of an event without arguments, such as {@code CONNECT} or {@code DUMPED}. */
@FunctionalInterface
public interface SocketHandler {

    /** The event happened on {@code socket}. */
    void handle(SuperSocket socket) throws Exception;
}
