package io.untwisted.net;

import java.nio.ByteBuffer;

/** A typed handler of {@code LOAD}; see {@link SuperSocket#onLoad}. */
@FunctionalInterface
public interface LoadHandler {

    /**
     * {@code data} arrived on {@code socket}. The buffer belongs to the reactor and is reused
     * after the handlers return: copy what must outlive the call.
     */
    void load(SuperSocket socket, ByteBuffer data) throws Exception;
}
