package io.untwisted.demo.redis;

import java.nio.ByteBuffer;
import java.util.Objects;

import io.untwisted.event.Events;
import io.untwisted.event.Registration;
import io.untwisted.net.SuperSocket;
import io.untwisted.split.FrameTooLongException;

/**
 * A bounded splitter for the Redis protocol: installed on a socket, it turns the socket's
 * {@code LOAD} events into one {@link #FOUND} event per whole request, in order, however the
 * requests are chunked or pipelined.
 *
 * <p>On malformed input or input past its {@link RespLimits}, it drives {@link #INVALID} with a
 * {@link RespProtocolException} (and, for a passed limit, {@link Events#OVERFLOW} with a
 * {@link FrameTooLongException} first, as core's splitters do), stops reading requests and
 * closes the connection once queued replies are written: a handler of {@code INVALID} can queue
 * Redis' {@code -ERR Protocol error: ...} reply.
 *
 * <p>It runs on the socket's reactor thread; {@link #stop} it from a handler there.
 */
public final class RespSplitter {

    /** The event driven with each request: {@code (RespRequest request)}. */
    public static final String FOUND = "resp.found";

    /** The event driven when the input is not RESP2 or passes a limit: {@code (RespProtocolException cause)}. */
    public static final String INVALID = "resp.invalid";

    private static final String ATTRIBUTE = RespSplitter.class.getName();

    private final SuperSocket socket;
    private final RespParser parser;
    private Registration registration;
    private boolean stopped;

    private RespSplitter(SuperSocket socket, RespLimits limits) {
        this.socket = socket;
        this.parser = new RespParser(limits);
    }

    /** Installs a splitter bounded by {@code limits} on {@code socket}. */
    public static RespSplitter install(SuperSocket socket, RespLimits limits) {
        Objects.requireNonNull(socket, "socket");
        RespSplitter splitter = new RespSplitter(socket, limits);
        splitter.registration = socket.on(Events.LOAD, e -> splitter.feed(e.arg(0)));
        socket.attr(ATTRIBUTE, splitter);
        return splitter;
    }

    /**
     * Stops the splitter installed on {@code socket}, if any: the requests it has not driven yet,
     * including the rest of the current chunk, are dropped (what Redis does after {@code QUIT}).
     */
    public static void stop(SuperSocket socket) {
        RespSplitter splitter = socket.attr(ATTRIBUTE);
        if (splitter != null) {
            splitter.stop();
        }
    }

    /** Stops splitting; nothing more is driven. */
    public void stop() {
        this.stopped = true;
        this.registration.cancel();
    }

    private void feed(ByteBuffer data) {
        while (!this.stopped && this.socket.isOpen() && data.hasRemaining()) {
            RespRequest request;
            try {
                request = this.parser.next(data);
            }
            catch (RespProtocolException ex) {
                invalid(ex);
                return;
            }
            if (request == null) {
                return;
            }
            this.socket.drive(FOUND, request);
        }
    }

    private void invalid(RespProtocolException cause) {
        stop();
        if (cause.limitExceeded()) {
            FrameTooLongException overflow = new FrameTooLongException(cause.length(), cause.limit());
            overflow.initCause(cause);
            this.socket.drive(Events.OVERFLOW, overflow);
        }
        this.socket.drive(INVALID, cause);
        this.socket.close();
    }
}
