package io.untwisted.net;

/** A typed handler of {@code ACCEPT}; see {@link SuperServer#onAccept}. */
@FunctionalInterface
public interface AcceptHandler {

    /** {@code client} was accepted by {@code server}; it already reads and writes. */
    void accept(SuperServer server, SuperSocket client) throws Exception;
}
