package io.untwisted.spring.context;

import io.untwisted.event.Event;
import io.untwisted.event.Events;
import io.untwisted.event.Handler;
import io.untwisted.event.HandlerFailure;
import io.untwisted.net.SuperSocket;
import io.untwisted.spring.binding.HandlerMethodBinding;

import org.jspecify.annotations.Nullable;

/**
 * Runs one {@code @OnEvent} method on the reactor thread: measured by its instrumentation, watched
 * by the watchdog, its return value dumped to the connection.
 *
 * <p>A failure is rethrown, so the dispatcher logs it and drives {@code ERROR} on the emitter. For
 * {@code ACCEPT}, whose emitter is the listening socket, the failure is also driven as
 * {@code ERROR} on the accepted connection, where the server's error handlers and error policy
 * live. Called on reactor threads only; shared by the connections of one reactor.
 */
final class BoundHandler implements Handler {

    private final HandlerMethodBinding binding;
    private final HandlerInstrumentation instrumentation;
    private final @Nullable ReactorActivity activity;
    private final BlockedReactorWatchdog watchdog;
    private final HandlerCall<Event> call;

    BoundHandler(HandlerMethodBinding binding, HandlerInstrumentation instrumentation,
            @Nullable ReactorActivity activity, BlockedReactorWatchdog watchdog) {
        this.binding = binding;
        this.instrumentation = instrumentation;
        this.activity = activity;
        this.watchdog = watchdog;
        this.call = binding::invoke;
    }

    HandlerInstrumentation instrumentation() {
        return this.instrumentation;
    }

    @Override
    public void handle(Event event) throws Exception {
        SuperSocket connection = this.binding.connection(event);
        ReactorActivity watched = this.activity != null ? this.activity : this.watchdog.activityOf(connection.reactor());
        BoundHandler interrupted = null;
        long interruptedSince = 0;
        long start = 0;
        if (watched != null) {
            interruptedSince = watched.since();
            start = System.nanoTime();
            interrupted = watched.enter(this, start);
        }
        try {
            Object result = watched != null ? this.instrumentation.invoke(this.call, event, start)
                    : this.instrumentation.invoke(this.call, event);
            this.binding.reply(result, connection);
        }
        catch (Exception ex) {
            if (this.binding.isAccept()) {
                connection.drive(Events.ERROR, new HandlerFailure(event.key(), event.args(), this, ex));
            }
            throw ex;
        }
        finally {
            if (watched != null) {
                watched.exit(interrupted, interruptedSince);
            }
        }
    }

    @Override
    public String toString() {
        return this.binding.toString();
    }
}
