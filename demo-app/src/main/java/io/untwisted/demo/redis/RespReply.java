package io.untwisted.demo.redis;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Encodes RESP2 replies: simple strings, errors, integers, bulk strings and arrays. */
public final class RespReply {

    /** {@code +OK}. */
    public static final byte[] OK = simple("OK");

    /** The null bulk string, {@code $-1}. */
    public static final byte[] NULL = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);

    /** The empty array, {@code *0}. */
    public static final byte[] EMPTY_ARRAY = "*0\r\n".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] CRLF = {'\r', '\n'};

    /** The integer replies most commands answer ({@code :0} up to {@code :1023}), encoded once. */
    private static final byte[][] SMALL_INTEGERS = new byte[1024][];

    static {
        for (int i = 0; i < SMALL_INTEGERS.length; i++) {
            SMALL_INTEGERS[i] = (":" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private RespReply() {
    }

    /** {@code +text}; {@code text} must not contain CR or LF. */
    public static byte[] simple(String text) {
        return ("+" + text + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code -message}, such as {@code ERR syntax error}; CR and LF are replaced by blanks. */
    public static byte[] error(String message) {
        return ("-" + message.replace('\r', ' ').replace('\n', ' ') + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code :value}; the array may be shared: do not modify it. */
    public static byte[] integer(long value) {
        if (value >= 0 && value < SMALL_INTEGERS.length) {
            return SMALL_INTEGERS[(int) value];
        }
        return (":" + value + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code $length\r\nbytes}, or the null bulk string for null. */
    public static byte[] bulk(byte[] value) {
        if (value == null) {
            return NULL;
        }
        byte[] reply = new byte[1 + digits(value.length) + 2 + value.length + 2];
        ByteBuffer out = ByteBuffer.wrap(reply).put((byte) '$');
        putDigits(out, value.length);
        out.put(CRLF).put(value).put(CRLF);
        return reply;
    }

    private static int digits(int value) {
        int digits = 1;
        for (int rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        return digits;
    }

    /** Puts the decimal digits of {@code value} ({@code >= 0}), without allocating. */
    static void putDigits(ByteBuffer out, int value) {
        int divisor = 1;
        while (value / divisor >= 10) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            out.put((byte) ('0' + value / divisor % 10));
        }
    }

    /** An array of bulk strings; a null element is the null bulk string. */
    public static byte[] array(List<byte[]> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + values.size() * 16);
        out.writeBytes(("*" + values.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] value : values) {
            if (value == null) {
                out.writeBytes(NULL);
            }
            else {
                writeBulk(out, value);
            }
        }
        return out.toByteArray();
    }

    private static void writeBulk(ByteArrayOutputStream out, byte[] value) {
        out.writeBytes(("$" + value.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(value);
        out.writeBytes(CRLF);
    }
}
