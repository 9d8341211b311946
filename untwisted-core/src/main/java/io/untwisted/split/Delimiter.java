package io.untwisted.split;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A non-empty byte sequence searched for in arrays and buffers, by absolute index. Immutable. */
final class Delimiter {

    private final byte[] bytes;

    private Delimiter(byte[] bytes) {
        this.bytes = bytes;
    }

    static Delimiter of(String delimiter) {
        byte[] bytes = delimiter.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) {
            throw new IllegalArgumentException("delimiter must not be empty");
        }
        return new Delimiter(bytes);
    }

    int length() {
        return this.bytes.length;
    }

    /** The first index in {@code [from, to)} where the whole delimiter starts and ends before {@code to}, or -1. */
    int indexIn(byte[] data, int from, int to) {
        byte first = this.bytes[0];
        int last = to - this.bytes.length;
        outer:
        for (int i = Math.max(0, from); i <= last; i++) {
            if (data[i] != first) {
                continue;
            }
            for (int j = 1; j < this.bytes.length; j++) {
                if (data[i + j] != this.bytes[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** {@link #indexIn(byte[], int, int)} over a buffer's absolute indexes; the buffer is not moved. */
    int indexIn(ByteBuffer data, int from, int to) {
        if (data.hasArray()) {
            int offset = data.arrayOffset();
            int at = indexIn(data.array(), from + offset, to + offset);
            return at < 0 ? -1 : at - offset;
        }
        byte first = this.bytes[0];
        int last = to - this.bytes.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (data.get(i) != first) {
                continue;
            }
            for (int j = 1; j < this.bytes.length; j++) {
                if (data.get(i + j) != this.bytes[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
