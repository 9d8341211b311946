package io.untwisted.demo.redis;

import java.io.ByteArrayOutputStream;
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

    /** {@code :value}. */
    public static byte[] integer(long value) {
        return (":" + value + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code $length\r\nbytes}, or the null bulk string for null. */
    public static byte[] bulk(byte[] value) {
        if (value == null) {
            return NULL;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 16);
        writeBulk(out, value);
        return out.toByteArray();
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
