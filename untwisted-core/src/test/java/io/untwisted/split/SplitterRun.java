package io.untwisted.split;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import io.untwisted.event.Events;
import io.untwisted.event.HandlerFailure;
import io.untwisted.net.CloseReason;
import io.untwisted.event.Dispatcher;
import io.untwisted.testing.EmbeddedSuperSocket;
import io.untwisted.testing.RecordedEvent;
import io.untwisted.testing.RecordingHandler;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

/**
 * Runs a splitter over a chunked stream on an embedded socket, then the end of the stream, and
 * writes down what it drove as strings, so that property and fuzz tests can compare it with a
 * {@link SplitterModels model}: a frame is its bytes as ISO-8859-1, an {@code OVERFLOW} is
 * {@link #OVERFLOW}, a close for a malformed frame is {@link #MALFORMED}.
 *
 * <p>It fails (throws {@link AssertionError}) when the splitter lets anything but its declared
 * failures out (a handler failure reaches {@code ERROR}), when it holds more than {@code maxHeld}
 * bytes after a read, or when a frame is longer than {@code maxFrame}.
 */
final class SplitterRun {

    static final String OVERFLOW = "<overflow>";
    static final String MALFORMED = "<malformed>";

    private static final Object[] EVENTS = {Terminator.FOUND, Fixed.FOUND, LengthPrefixed.FOUND, AccUntil.DONE,
        Accumulator.DONE, TmpFile.DONE, Breaker.UNKNOWN, "a", "b", Events.OVERFLOW, Events.CLOSE};

    private SplitterRun() {
    }

    /**
     * Feeds {@code chunks} to the splitter that {@code install} puts on a fresh socket, then ends
     * the stream, and returns what it drove.
     */
    static List<String> run(Function<Dispatcher, Splitter> install, List<byte[]> chunks, long maxHeld, long maxFrame) {
        try (EmbeddedSuperSocket peer = new EmbeddedSuperSocket()) {
            peer.record(Events.ERROR);
            Splitter splitter = install.apply(peer.socket());
            peer.record(EVENTS);
            for (byte[] chunk : chunks) {
                peer.feed(chunk);
                checkHeld(splitter, maxHeld);
            }
            peer.feedEnd();
            return describe(peer.recorder().events(), maxFrame);
        }
    }

    /**
     * {@link #run} on a bare emitter instead of a socket: many times faster, for the fuzzer. The
     * splitter stops alike; only a malformed frame arrives as {@code ERROR} instead of a close.
     */
    static List<String> runOnEmitter(Function<Dispatcher, Splitter> install, List<byte[]> chunks, long maxHeld,
            long maxFrame) {
        Dispatcher source = new Dispatcher();
        RecordingHandler recorder = new RecordingHandler();
        source.on(Events.ERROR, recorder);
        Splitter splitter = install.apply(source);
        for (Object event : EVENTS) {
            source.on(event, recorder);
        }
        for (byte[] chunk : chunks) {
            source.drive(Events.LOAD, ByteBuffer.wrap(chunk));
            checkHeld(splitter, maxHeld);
        }
        source.drive(Events.CLOSE, CloseReason.PEER, null);
        return describe(recorder.events(), maxFrame);
    }

    private static void checkHeld(Splitter splitter, long maxHeld) {
        if (splitter.buffered() > maxHeld) {
            throw new AssertionError(splitter.getClass().getSimpleName() + " holds " + splitter.buffered()
                    + " bytes, more than " + maxHeld);
        }
    }

    private static List<String> describe(List<RecordedEvent> events, long maxFrame) {
        List<String> driven = new ArrayList<>();
        for (RecordedEvent event : events) {
            Object key = event.key();
            if (Events.ERROR.equals(key) && event.arg(0) instanceof MalformedFrameException) {
                driven.add(MALFORMED);
            }
            else if (Events.ERROR.equals(key)) {
                Object cause = event.arg(0);
                throw new AssertionError("a failure escaped the splitter: " + cause,
                        cause instanceof HandlerFailure failure ? failure.getCause() : (Throwable) cause);
            }
            else if (Events.OVERFLOW.equals(key)) {
                FrameTooLongException cause = event.arg(0);
                if (cause.length() <= cause.maxFrameLength()) {
                    throw new AssertionError("OVERFLOW for a frame within the maximum: " + cause.getMessage());
                }
                driven.add(OVERFLOW);
            }
            else if (Events.CLOSE.equals(key)) {
                Object cause = event.arg(1);
                if (cause instanceof MalformedFrameException) {
                    driven.add(MALFORMED);
                }
                else if (cause != null && !(cause instanceof FrameTooLongException)) {
                    throw new AssertionError("closed for an undeclared cause", (Throwable) cause);
                }
                else if (event.arg(0) == CloseReason.ERROR && cause == null) {
                    throw new AssertionError("closed with ERROR and no cause");
                }
            }
            else if (AccUntil.DONE.equals(key)) {
                driven.add("<done:" + text(event.arg(0)) + "|" + text(event.arg(1)) + ">");
            }
            else if (TmpFile.DONE.equals(key)) {
                driven.add("<file:" + text(readAndDelete(event.arg(0))) + "|" + text(event.arg(1)) + ">");
            }
            else if (Breaker.UNKNOWN.equals(key) || "a".equals(key) || "b".equals(key)) {
                driven.add("<" + key + ":" + event.args() + ">");
            }
            else {
                byte[] frame = event.arg(0);
                if (frame.length > maxFrame) {
                    throw new AssertionError(key + " drove a frame of " + frame.length + " bytes, over " + maxFrame);
                }
                driven.add(text(frame));
            }
        }
        return driven;
    }

    /** The commands a fuzzed or property-tested {@link Breaker} drives. */
    static Set<String> breakerCommands() {
        return Set.of("a", "b");
    }

    static String text(Object bytes) {
        return new String((byte[]) bytes, ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = Arrays.copyOf(parts.length == 0 ? new byte[0] : parts[0], length);
        int at = parts.length == 0 ? 0 : parts[0].length;
        for (int i = 1; i < parts.length; i++) {
            System.arraycopy(parts[i], 0, all, at, parts[i].length);
            at += parts[i].length;
        }
        return all;
    }

    private static byte[] readAndDelete(Path file) {
        try {
            byte[] content = Files.readAllBytes(file);
            Files.delete(file);
            return content;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
