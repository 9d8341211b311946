package io.untwisted.spring.context;

import io.untwisted.event.Event;
import io.untwisted.event.Events;
import io.untwisted.event.Handler;
import io.untwisted.event.HandlerFailure;
import io.untwisted.net.SuperSocket;
import io.untwisted.spring.binding.HandlerMethodBinding;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@code @OnEvent(offload = true)} method off the reactor: the arguments are resolved on
 * the reactor thread (payload buffers copied), then the call is queued on the connection's
 * {@link OffloadLane}, which keeps the connection's events in order.
 *
 * <p>A failure is logged with the server, event and handler, then driven as {@code ERROR} on the
 * connection, like a failure on the reactor thread. {@link #handle} runs on reactor threads; the
 * call itself on an offload thread.
 */
final class OffloadedHandler implements Handler {

    private static final Logger log = LoggerFactory.getLogger(OffloadedHandler.class);

    private final HandlerMethodBinding binding;
    private final HandlerInstrumentation instrumentation;
    private final HandlerCall<Object[]> call;

    OffloadedHandler(HandlerMethodBinding binding, HandlerInstrumentation instrumentation) {
        this.binding = binding;
        this.instrumentation = instrumentation;
        this.call = binding::invokeWith;
    }

    @Override
    public void handle(Event event) throws Exception {
        SuperSocket connection = this.binding.connection(event);
        ConnectionState state = ConnectionState.of(connection);
        if (state == null) {
            throw new IllegalStateException("connection " + connection + " was not set up by the starter");
        }
        Object[] args = this.binding.resolveArguments(event);
        Object key = event.key();
        state.lane().execute(() -> run(connection, key, args));
    }

    private void run(SuperSocket connection, Object key, Object[] args) {
        try {
            Object result = this.instrumentation.invoke(this.call, args);
            this.binding.reply(result, connection);
        }
        catch (Exception ex) {
            HandlerFailure failure = new HandlerFailure(key, args, this, ex);
            long heldBack = connection.reactor().logThrottle().admit(new FailureKey(this, ex.getClass()));
            if (heldBack >= 0) {
                log.warn("{}: {}{}", connection, failure.getMessage(),
                        heldBack == 0 ? "" : " (" + heldBack + " more like it not logged since the last line)", ex);
            }
            connection.drive(Events.ERROR, failure);
        }
    }

    @Override
    public String toString() {
        return this.binding.toString();
    }

    /** What offloaded failure logs are throttled by: the handler and the exception type. */
    private record FailureKey(OffloadedHandler handler, Class<?> causeType) {
    }
}
