package io.untwisted.net;

import java.util.Locale;

/** Why a connection closed: the first argument of {@code CLOSE}, and the starter's {@code reason} tag. */
public enum CloseReason {
    /** The peer closed its side (end of stream). */
    PEER,
    /** The application closed it ({@link SuperSocket#close()} or {@link SuperSocket#abort()}). */
    LOCAL,
    /** It saw no traffic for its idle timeout. */
    IDLE,
    /** Its first frame did not arrive within its first-frame timeout (a slow or silent peer). */
    FIRST_FRAME_TIMEOUT,
    /** A read or write failed (reset, broken pipe), a limit was passed, or a handler failure closed it. */
    ERROR,
    /** Its reactor or server shut down. */
    SHUTDOWN;

    /** The lower-case name used as a tag value: {@code peer}, {@code local}, ... */
    public String tagValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
