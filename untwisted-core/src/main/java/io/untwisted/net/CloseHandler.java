package io.untwisted.net;

/** A typed handler of {@code CLOSE}; see {@link SuperSocket#onClose}. */
@FunctionalInterface
public interface CloseHandler {

    /**
     * {@code socket} closed for {@code reason}.
     *
     * @param cause the failure that closed it, or null for an orderly close
     */
    void close(SuperSocket socket, CloseReason reason, Throwable cause) throws Exception;
}
