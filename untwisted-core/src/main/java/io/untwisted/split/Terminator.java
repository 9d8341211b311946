package io.untwisted.split;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import io.untwisted.event.Events;
import io.untwisted.event.Registration;
import io.untwisted.net.CloseReason;
import io.untwisted.net.SuperSocket;

/**
 * Splits a socket's bytes at a delimiter and drives {@link #FOUND} with each frame, without the
 * delimiter, as a {@code byte[]}.
 *
 * <p>Installed on one socket, it runs on that socket's reactor thread. A partial frame is kept
 * across reads; bytes are scanned once.
 *
 * <p>Limits: it never buffers more than {@code maxFrameLength} bytes plus the delimiter. A peer
 * whose frame passes the maximum gets {@link Events#OVERFLOW} driven with a
 * {@link FrameTooLongException}, then its connection closed ({@link CloseReason#ERROR}).
 */
public final class Terminator {

    /** The event driven with each frame: {@code (byte[] frame)}. */
    public static final String FOUND = "terminator.found";

    /** The delimiter used unless told otherwise. */
    public static final String DEFAULT_DELIMITER = "\r\n";

    /** The frame maximum used unless told otherwise: 64 KiB. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 64 * 1024;

    private final SuperSocket socket;
    private final byte[] delimiter;
    private final int maxFrameLength;
    private byte[] pending = new byte[0];
    private int length;
    private int scanFrom;
    private Registration registration;

    private Terminator(SuperSocket socket, byte[] delimiter, int maxFrameLength) {
        this.socket = socket;
        this.delimiter = delimiter;
        this.maxFrameLength = maxFrameLength;
    }

    /** Installs a {@code \r\n} terminator with a 64 KiB maximum on {@code socket}. */
    public static Terminator install(SuperSocket socket) {
        return install(socket, DEFAULT_DELIMITER, DEFAULT_MAX_FRAME_LENGTH);
    }

    /**
     * Installs a terminator splitting at {@code delimiter} (UTF-8) with frames of at most
     * {@code maxFrameLength} bytes on {@code socket}.
     */
    public static Terminator install(SuperSocket socket, String delimiter, int maxFrameLength) {
        Objects.requireNonNull(socket, "socket");
        byte[] bytes = delimiter.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) {
            throw new IllegalArgumentException("delimiter must not be empty");
        }
        if (maxFrameLength <= 0) {
            throw new IllegalArgumentException("maxFrameLength must be > 0: " + maxFrameLength);
        }
        Terminator terminator = new Terminator(socket, bytes, maxFrameLength);
        terminator.registration = socket.on(Events.LOAD, e -> terminator.feed(e.arg(0)));
        return terminator;
    }

    /** Stops splitting; bytes buffered so far are dropped. */
    public void uninstall() {
        this.registration.cancel();
        this.pending = new byte[0];
        this.length = 0;
        this.scanFrom = 0;
    }

    private void feed(ByteBuffer data) {
        while (data.hasRemaining() && this.socket.isOpen()) {
            int room = this.maxFrameLength + this.delimiter.length - this.length;
            int take = Math.min(room, data.remaining());
            append(data, take);
            int frames = drainFrames();
            if (this.length >= this.maxFrameLength + this.delimiter.length && frames == 0) {
                overflow();
                return;
            }
        }
    }

    private void append(ByteBuffer data, int count) {
        if (this.pending.length < this.length + count) {
            this.pending = Arrays.copyOf(this.pending, Math.max(this.length + count, Math.min(
                    this.pending.length * 2, this.maxFrameLength + this.delimiter.length)));
        }
        data.get(this.pending, this.length, count);
        this.length += count;
    }

    private int drainFrames() {
        int frames = 0;
        int start = 0;
        int at;
        while ((at = indexOfDelimiter(Math.max(start, this.scanFrom))) >= 0) {
            byte[] frame = Arrays.copyOfRange(this.pending, start, at);
            start = at + this.delimiter.length;
            this.scanFrom = start;
            frames++;
            this.socket.drive(FOUND, frame);
            if (!this.socket.isOpen()) {
                return frames;
            }
        }
        if (start > 0) {
            System.arraycopy(this.pending, start, this.pending, 0, this.length - start);
            this.length -= start;
        }
        this.scanFrom = Math.max(0, this.length - this.delimiter.length + 1);
        return frames;
    }

    private int indexOfDelimiter(int from) {
        byte first = this.delimiter[0];
        int last = this.length - this.delimiter.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (this.pending[i] != first) {
                continue;
            }
            for (int j = 1; j < this.delimiter.length; j++) {
                if (this.pending[i + j] != this.delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void overflow() {
        FrameTooLongException cause = new FrameTooLongException(this.length, this.maxFrameLength);
        this.length = 0;
        this.scanFrom = 0;
        this.socket.drive(Events.OVERFLOW, cause);
        this.socket.close(CloseReason.ERROR, cause);
    }
}
