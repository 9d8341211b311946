package io.untwisted.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Reproducible inputs: frame streams and chunkings, from fixed seeds. */
final class Streams {

    static final int SIXTY_FOUR_MIB = 64 << 20;

    private Streams() {
    }

    /**
     * {@code total} bytes of {@code \r\n}-terminated lines of printable bytes, each line's body
     * {@code frameLength} bytes (the last line is cut short so the stream is exactly {@code total}).
     */
    static byte[] lines(int total, int frameLength) {
        byte[] stream = new byte[total];
        SplittableRandom random = new SplittableRandom(42);
        int i = 0;
        while (i < total) {
            for (int j = 0; j < frameLength && i < total; j++) {
                stream[i++] = (byte) ('a' + random.nextInt(26));
            }
            if (i < total) {
                stream[i++] = '\r';
            }
            if (i < total) {
                stream[i++] = '\n';
            }
        }
        return stream;
    }

    /** About {@code total} bytes of multibulk {@code SET key <value>} commands, for the RESP parser. */
    static byte[] respSetCommands(int total, int valueLength) {
        StringBuilder one = new StringBuilder();
        String value = "x".repeat(valueLength);
        one.append("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$").append(valueLength).append("\r\n").append(value).append("\r\n");
        byte[] command = one.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] stream = new byte[total - total % command.length];
        for (int i = 0; i < stream.length; i += command.length) {
            System.arraycopy(command, 0, stream, i, command.length);
        }
        return stream;
    }

    /**
     * Chunk sizes drawn uniformly from {@code [1, max]} with a fixed seed: how reads cut the
     * stream. Enough of them that the cycle does not line up with the frames.
     */
    static int[] chunks(int max) {
        SplittableRandom random = new SplittableRandom(7);
        int[] chunks = new int[1 << 16];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = 1 + random.nextInt(max);
        }
        return chunks;
    }
}
