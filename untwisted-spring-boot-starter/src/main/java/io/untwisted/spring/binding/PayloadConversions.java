package io.untwisted.spring.binding;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * The conversions between the payload types a handler may ask for: {@code ByteBuffer},
 * {@code byte[]} and {@code String} (UTF-8). Chosen once at startup for built-in events.
 *
 * <p>Stateless; safe from any thread. Conversions never consume a buffer they are given: the
 * next handler of the same event sees the same bytes.
 */
final class PayloadConversions {

    private PayloadConversions() {
    }

    /** Whether {@code type} is one of the payload types. */
    static boolean isPayloadType(Class<?> type) {
        return type == ByteBuffer.class || type == byte[].class || type == String.class;
    }

    /**
     * The conversion from {@code source} to {@code target} payload types, or null when there is
     * none. With {@code offload}, a buffer is copied, because the reactor reuses it once the drive
     * is over.
     */
    static @Nullable UnaryOperator<Object> between(Class<?> source, Class<?> target, boolean offload) {
        if (!isPayloadType(source) || !isPayloadType(target)) {
            return null;
        }
        if (source == target && !(offload && source == ByteBuffer.class)) {
            return UnaryOperator.identity();
        }
        if (target == byte[].class) {
            return PayloadConversions::toBytes;
        }
        if (target == String.class) {
            return PayloadConversions::toText;
        }
        return value -> ByteBuffer.wrap(toBytes(value));
    }

    /**
     * Converts a custom event's argument to {@code target}: payload types into each other,
     * anything else only if it already is a {@code target}.
     *
     * @throws ClassCastException when the value does not fit
     */
    static @Nullable Object convert(@Nullable Object value, Class<?> target, boolean offload) {
        if (value == null) {
            if (target.isPrimitive()) {
                throw new IllegalArgumentException("null cannot be given to a parameter of type " + target.getName());
            }
            return null;
        }
        Class<?> boxed = ClassUtils.resolvePrimitiveIfNecessary(target);
        if (boxed.isInstance(value) && !(offload && value instanceof ByteBuffer)) {
            return value;
        }
        UnaryOperator<Object> conversion = between(value.getClass() == byte[].class ? byte[].class
                : value instanceof ByteBuffer ? ByteBuffer.class : value.getClass(), target, offload);
        if (conversion == null) {
            throw new ClassCastException("an argument of type " + value.getClass().getName()
                    + " cannot be given to a parameter of type " + target.getName());
        }
        return conversion.apply(value);
    }

    private static byte[] toBytes(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer view = buffer.duplicate();
            byte[] bytes = new byte[view.remaining()];
            view.get(bytes);
            return bytes;
        }
        return ((String) value).getBytes(StandardCharsets.UTF_8);
    }

    private static String toText(Object value) {
        if (value instanceof String text) {
            return text;
        }
        return new String(toBytes(value), StandardCharsets.UTF_8);
    }
}
