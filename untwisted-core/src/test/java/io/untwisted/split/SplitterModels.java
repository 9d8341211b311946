package io.untwisted.split;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.untwisted.split.SplitterRun.MALFORMED;
import static io.untwisted.split.SplitterRun.OVERFLOW;
import static io.untwisted.split.SplitterRun.text;

/**
 * What each splitter must drive for a whole stream followed by its end, whatever the chunking,
 * written the simplest way (whole stream at once, no limits on memory), in the notation of
 * {@link SplitterRun}. Every byte is accounted for: framed, held at the end, announced as an
 * overflow (discarded), or after a stop.
 */
final class SplitterModels {

    private SplitterModels() {
    }

    /** Frames by leftmost delimiter; an overflow for each too long; in strict mode a bare CR or LF stops it. */
    static List<String> terminator(byte[] stream, byte[] delimiter, int max, OverflowAction action, boolean strict) {
        List<String> driven = new ArrayList<>();
        int start = 0;
        while (true) {
            int at = indexOf(stream, delimiter, start);
            if (at < 0) {
                if (stream.length - start >= max + delimiter.length) {
                    driven.add(OVERFLOW);
                }
                return driven;
            }
            if (at - start > max) {
                driven.add(OVERFLOW);
                if (action == OverflowAction.CLOSE) {
                    return driven;
                }
            }
            else if (strict && hasLineEnding(stream, start, at)) {
                driven.add(MALFORMED);
                return driven;
            }
            else {
                driven.add(new String(stream, start, at - start, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            start = at + delimiter.length;
        }
    }

    /** Header after header; a negative 4-byte length stops it; an oversized one overflows and is skipped or stops it. */
    static List<String> lengthPrefixed(byte[] stream, int header, int max, OverflowAction action) {
        List<String> driven = new ArrayList<>();
        long at = 0;
        while (at + header <= stream.length) {
            long length = 0;
            for (int i = 0; i < header; i++) {
                length = (length << 8) | (stream[(int) at + i] & 0xFF);
            }
            at += header;
            if (length > Integer.MAX_VALUE) {
                driven.add(MALFORMED);
                return driven;
            }
            if (length > max) {
                driven.add(OVERFLOW);
                if (action == OverflowAction.CLOSE) {
                    return driven;
                }
                at += length;
                continue;
            }
            if (at + length > stream.length) {
                return driven;
            }
            driven.add(text(Arrays.copyOfRange(stream, (int) at, (int) (at + length))));
            at += length;
        }
        return driven;
    }

    /** Blocks of {@code size}; the tail is held. */
    static List<String> fixed(byte[] stream, int size) {
        List<String> driven = new ArrayList<>();
        for (int at = 0; at + size <= stream.length; at += size) {
            driven.add(text(Arrays.copyOfRange(stream, at, at + size)));
        }
        return driven;
    }

    /** Everything at the end, or an overflow once more than {@code max} bytes arrived. */
    static List<String> accumulator(byte[] stream, int max) {
        return stream.length > max ? List.of(OVERFLOW) : List.of(text(stream));
    }

    /** The head before the first delimiter, or an overflow once the head cannot end within {@code max}. */
    static List<String> accUntil(List<byte[]> chunks, byte[] delimiter, int max) {
        byte[] stream = SplitterRun.concat(chunks.toArray(new byte[0][]));
        int at = indexOf(stream, delimiter, 0);
        if (at >= 0 && at <= max) {
            int restStart = at + delimiter.length;
            int restLength = restOfRead(chunks, restStart);
            return List.of("<done:" + text(Arrays.copyOf(stream, at)) + "|"
                    + text(Arrays.copyOfRange(stream, restStart, restStart + restLength)) + ">");
        }
        return stream.length >= max + delimiter.length ? List.of(OVERFLOW) : List.of();
    }

    /** The first {@code size} bytes in a file, once they all arrived. */
    static List<String> tmpFile(List<byte[]> chunks, int size) {
        byte[] stream = SplitterRun.concat(chunks.toArray(new byte[0][]));
        if (stream.length < size) {
            return List.of();
        }
        int restLength = restOfRead(chunks, size);
        return List.of("<file:" + text(Arrays.copyOf(stream, size)) + "|"
                + text(Arrays.copyOfRange(stream, size, size + restLength)) + ">");
    }

    /** How many bytes follow stream index {@code end} in the read that holds byte {@code end - 1}. */
    static int restOfRead(List<byte[]> chunks, int end) {
        int chunkEnd = 0;
        for (byte[] chunk : chunks) {
            chunkEnd += chunk.length;
            if (chunkEnd >= end) {
                return chunkEnd - end;
            }
        }
        return 0;
    }

    static int indexOf(byte[] data, byte[] delimiter, int from) {
        outer:
        for (int i = from; i <= data.length - delimiter.length; i++) {
            for (int j = 0; j < delimiter.length; j++) {
                if (data[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean hasLineEnding(byte[] stream, int from, int to) {
        for (int i = from; i < to; i++) {
            if (stream[i] == '\r' || stream[i] == '\n') {
                return true;
            }
        }
        return false;
    }
}
