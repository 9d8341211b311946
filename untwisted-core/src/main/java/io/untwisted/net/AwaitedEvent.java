package io.untwisted.net;

import java.nio.channels.ClosedChannelException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import io.untwisted.event.Events;
import io.untwisted.event.Registration;

/**
 * How {@link SuperSocket#await} waits for the next occurrence of an event: a one-shot handler for
 * the event and one for {@code CLOSE}, each removing the other.
 *
 * <p>Safe from any thread: the handlers are registered on the socket's reactor thread.
 */
final class AwaitedEvent {

    private AwaitedEvent() {
    }

    static CompletableFuture<Object[]> next(SuperSocket socket, Object event) {
        Objects.requireNonNull(event, "event");
        CompletableFuture<Object[]> next = new CompletableFuture<>();
        socket.onReactor(() -> {
            if (!socket.isOpen()) {
                next.completeExceptionally(new ClosedChannelException());
                return;
            }
            if (Events.CLOSE.equals(event)) {
                socket.once(event, e -> next.complete(e.args().clone()));
                return;
            }
            // Each handler removes the other before completing, so callers see no handler left behind.
            Registration[] closing = new Registration[1];
            Registration awaited = socket.once(event, e -> {
                closing[0].cancel();
                next.complete(e.args().clone());
            });
            closing[0] = socket.once(Events.CLOSE, e -> {
                awaited.cancel();
                next.completeExceptionally(new ClosedChannelException());
            });
            next.whenComplete((args, failure) -> {
                awaited.cancel();
                closing[0].cancel();
            });
        });
        return next;
    }
}
