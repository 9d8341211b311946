package io.untwisted.spring.binding;

import java.nio.ByteBuffer;

import io.untwisted.net.SuperSocket;

import org.jspecify.annotations.Nullable;

/**
 * What happens to an {@code @OnEvent} method's return value, chosen once from its return type: a
 * non-null {@code String} (UTF-8), {@code byte[]} or {@code ByteBuffer} is dumped to the
 * connection; {@code void} methods return nothing.
 *
 * <p>Stateless; safe from any thread, since {@link SuperSocket#dump} is.
 */
enum ReplyWriter {

    /** The method returns {@code void}. */
    NONE {
        @Override
        void write(@Nullable Object value, SuperSocket socket) {
        }
    },

    /** The method returns text, dumped as UTF-8. */
    TEXT {
        @Override
        void write(@Nullable Object value, SuperSocket socket) {
            if (value != null) {
                socket.dump((String) value);
            }
        }
    },

    /** The method returns bytes, dumped as a copy. */
    BYTES {
        @Override
        void write(@Nullable Object value, SuperSocket socket) {
            if (value != null) {
                socket.dump((byte[]) value);
            }
        }
    },

    /** The method returns a buffer, whose remaining bytes are dumped as a copy. */
    BUFFER {
        @Override
        void write(@Nullable Object value, SuperSocket socket) {
            if (value != null) {
                socket.dump((ByteBuffer) value);
            }
        }
    };

    /** Dumps {@code value} to {@code socket} when there is something to dump. */
    abstract void write(@Nullable Object value, SuperSocket socket);

    /** The writer for methods returning {@code type}, or null when that type is not supported. */
    static @Nullable ReplyWriter forReturnType(Class<?> type) {
        if (type == void.class || type == Void.class) {
            return NONE;
        }
        if (type == String.class) {
            return TEXT;
        }
        if (type == byte[].class) {
            return BYTES;
        }
        if (type == ByteBuffer.class) {
            return BUFFER;
        }
        return null;
    }
}
