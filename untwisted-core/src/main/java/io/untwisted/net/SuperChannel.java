package io.untwisted.net;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

import io.untwisted.event.Dispatcher;
import io.untwisted.internal.LogThrottle;
import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.ReactorState;
import io.untwisted.reactor.Selectable;

/**
 * What every channel of a reactor shares: it is an event emitter that belongs to one
 * {@link Reactor}, and it carries attributes.
 *
 * <p>{@link #drive} is safe from any thread: off the reactor thread it is handed to the reactor.
 * Attributes are safe from any thread.
 */
public abstract class SuperChannel extends Dispatcher implements Selectable {

    private final Reactor reactor;
    private volatile Map<String, Object> attributes;

    SuperChannel(Reactor reactor) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
    }

    /** The reactor whose thread runs this channel's handlers. */
    public Reactor reactor() {
        return this.reactor;
    }

    /** The failure logs of all channels of one reactor share its rate limit. */
    @Override
    protected LogThrottle logThrottle() {
        return this.reactor.logThrottle();
    }

    /** Whether the channel is still open. */
    public abstract boolean isOpen();

    /**
     * Drives {@code event} on the reactor thread: at once when called there, otherwise as a task.
     */
    @Override
    public void drive(Object event, Object... args) {
        if (this.reactor.inReactorThread()) {
            super.drive(event, args);
        }
        else {
            Object[] copy = args == null ? new Object[0] : args.clone();
            onReactor(() -> super.drive(event, copy));
        }
    }

    /**
     * Runs {@code action} on the reactor thread: at once when called there, otherwise as a task.
     * Once the reactor has terminated, its channels are closed and {@code action} is dropped.
     */
    void onReactor(Runnable action) {
        Reactor reactor = this.reactor;
        if (reactor.inReactorThread()) {
            action.run();
        }
        else if (reactor.state() != ReactorState.TERMINATED) {
            try {
                reactor.execute(action);
            }
            catch (RejectedExecutionException ex) {
                if (reactor.state() != ReactorState.TERMINATED) {
                    throw ex;
                }
            }
        }
    }

    /**
     * The attribute called {@code name}, cast to what the caller expects, or null.
     */
    @SuppressWarnings("unchecked")
    public <T> T attr(String name) {
        Map<String, Object> map = this.attributes;
        return map == null ? null : (T) map.get(name);
    }

    /**
     * Sets the attribute called {@code name}; a null {@code value} removes it.
     *
     * @return the previous value, or null
     */
    @SuppressWarnings("unchecked")
    public <T> T attr(String name, Object value) {
        Objects.requireNonNull(name, "name");
        if (value == null) {
            Map<String, Object> map = this.attributes;
            return map == null ? null : (T) map.remove(name);
        }
        return (T) attributes().put(name, value);
    }

    private Map<String, Object> attributes() {
        Map<String, Object> map = this.attributes;
        if (map == null) {
            synchronized (this) {
                map = this.attributes;
                if (map == null) {
                    map = new ConcurrentHashMap<>(4);
                    this.attributes = map;
                }
            }
        }
        return map;
    }
}
