package io.untwisted.demo.exec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Turns chunks of one output stream into lines: split at {@code \n}, one trailing {@code \r}
 * dropped, decoded as UTF-8; a line reaching {@code maxLineLength} bytes is handed over as it
 * is, and the rest of the stream continues on a new line. Not thread-safe: one per stream, fed
 * on its reactor thread.
 */
final class LineAssembler {

    private final int maxLineLength;
    private final LineSink sink;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineAssembler(int maxLineLength, LineSink sink) {
        this.maxLineLength = maxLineLength;
        this.sink = sink;
    }

    /** Consumes a chunk. */
    void feed(ByteBuffer chunk) {
        while (chunk.hasRemaining()) {
            byte b = chunk.get();
            if (b == '\n') {
                emit();
                continue;
            }
            this.line.write(b);
            if (this.line.size() >= this.maxLineLength) {
                emit();
            }
        }
    }

    /** The stream ended: hands over a last line without {@code \n}, if any. */
    void finish() {
        if (this.line.size() > 0) {
            emit();
        }
    }

    private void emit() {
        byte[] bytes = this.line.toByteArray();
        this.line.reset();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        this.sink.line(new String(bytes, 0, length, StandardCharsets.UTF_8));
    }
}
