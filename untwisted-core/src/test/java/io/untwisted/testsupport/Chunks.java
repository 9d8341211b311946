package io.untwisted.testsupport;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Random byte streams and random ways to cut them into reads, for property tests of splitters. */
public final class Chunks {

    private Chunks() {
    }

    /**
     * Cuts {@code stream} into consecutive non-empty chunks: sometimes one byte each, sometimes
     * all at once, usually pieces of random sizes, so that every boundary gets its turn.
     */
    public static List<byte[]> cut(SplittableRandom random, byte[] stream) {
        List<byte[]> chunks = new ArrayList<>();
        int style = random.nextInt(10);
        if (style == 0 || stream.length == 0) {
            if (stream.length > 0) {
                chunks.add(stream.clone());
            }
            return chunks;
        }
        int maxChunk = style == 1 ? 1 : 1 + random.nextInt(Math.max(1, Math.min(stream.length, 64)));
        int at = 0;
        while (at < stream.length) {
            int size = Math.min(stream.length - at, 1 + random.nextInt(maxChunk));
            chunks.add(Arrays.copyOfRange(stream, at, at + size));
            at += size;
        }
        return chunks;
    }

    /** {@code length} random bytes drawn from {@code alphabet}. */
    public static byte[] bytes(SplittableRandom random, int length, byte[] alphabet) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return bytes;
    }

    /** {@code length} random bytes of any value. */
    public static byte[] bytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    /** The chunks joined back. */
    public static byte[] join(List<byte[]> chunks) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            all.write(chunk, 0, chunk.length);
        }
        return all.toByteArray();
    }
}
