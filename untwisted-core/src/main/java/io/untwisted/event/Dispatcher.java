package io.untwisted.event;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

import io.untwisted.internal.LogThrottle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An event emitter: handlers registered per event key, called in registration order when the
 * event is driven.
 *
 * <p>Registration ({@link #on}, {@link #once}, {@link #off}, {@link #offAll}) is safe from any
 * thread: the handler table is copied on write, so a drive allocates nothing for it and a
 * handler may add or remove handlers while the event is being driven. Handlers added during a
 * drive do not run in that drive; handlers removed during it do not run again.
 *
 * <p>{@link #drive} calls the handlers on the calling thread. Emitters that belong to a reactor
 * (sockets) override it to hand the drive to their reactor's thread.
 */
public class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final Binding[] NO_BINDINGS = {};
    private static final Object[] NO_ARGS = {};

    private static final Object[] NO_ENTRIES = {};

    // Event keys and their handler arrays side by side (key, Binding[], key, Binding[], ...): one
    // array per emitter rather than an object per event, since every connection is an emitter.
    private volatile Object[] table = NO_ENTRIES;
    private volatile LogThrottle ownLogThrottle;

    /**
     * Calls {@code handler} every time {@code event} is driven, with {@code extra} appended to the
     * event's arguments.
     *
     * @return a registration that removes the handler
     */
    public Registration on(Object event, Handler handler, Object... extra) {
        return add(event, handler, extra, false);
    }

    /**
     * Calls {@code handler} on the next time {@code event} is driven only, with {@code extra}
     * appended to the event's arguments.
     *
     * @return a registration that removes the handler if it has not run yet
     */
    public Registration once(Object event, Handler handler, Object... extra) {
        return add(event, handler, extra, true);
    }

    /**
     * Removes the first registration of {@code handler} for {@code event}.
     *
     * @return whether a registration was removed
     */
    public boolean off(Object event, Handler handler) {
        for (Binding binding : bindings(event)) {
            if (binding.handler == handler && !binding.removed) {
                remove(binding);
                return true;
            }
        }
        return false;
    }

    /** Removes every handler of {@code event}. */
    public synchronized void offAll(Object event) {
        Object[] current = this.table;
        int index = indexOf(current, event);
        if (index >= 0) {
            for (Binding binding : bindingsAt(current, index)) {
                binding.removed = true;
            }
            this.table = without(current, index);
        }
    }

    /** Removes every handler of every event. */
    public synchronized void offAll() {
        Object[] current = this.table;
        for (int index = 0; index < current.length; index += 2) {
            for (Binding binding : bindingsAt(current, index)) {
                binding.removed = true;
            }
        }
        this.table = NO_ENTRIES;
    }

    /** Whether {@code event} has at least one handler. */
    public boolean hasHandlers(Object event) {
        return bindings(event).length > 0;
    }

    /** The number of handlers registered for {@code event}. */
    public int handlerCount(Object event) {
        return bindings(event).length;
    }

    /**
     * Drives {@code event}: calls each of its handlers with {@code args} (and the handler's extra
     * arguments), in registration order, until one stops the drive.
     */
    public void drive(Object event, Object... args) {
        dispatch(event, args == null ? NO_ARGS : args);
    }

    /**
     * Calls the handlers of {@code event} on the calling thread. A {@code ByteBuffer} argument is
     * given to every handler with the position and limit it was driven with.
     */
    protected final void dispatch(Object event, Object[] args) {
        dispatching(event, args);
        Binding[] bindings = bindings(event);
        if (bindings.length == 0) {
            unhandled(event, args);
            return;
        }
        Event occurrence = new Event(this, event);
        long[] bufferMarks = bindings.length > 1 ? markBuffers(args) : null;
        boolean first = true;
        for (Binding binding : bindings) {
            if (binding.removed || (binding.once && !binding.claim())) {
                continue;
            }
            if (binding.once) {
                remove(binding);
            }
            if (!first && bufferMarks != null) {
                resetBuffers(args, bufferMarks);
            }
            first = false;
            occurrence.prepare(binding.extra.length == 0 ? args : concat(args, binding.extra));
            try {
                binding.handler.handle(occurrence);
            }
            catch (Exception ex) {
                handlerFailed(event, occurrence.args(), binding.handler, ex);
            }
            if (occurrence.removeRequested()) {
                remove(binding);
            }
            if (occurrence.stopped()) {
                break;
            }
        }
    }

    /**
     * Called at the start of every drive of {@code event}, before its handlers run (and whether it
     * has any), on the dispatching thread. The default does nothing; emitters override it to let
     * an observer count events. It must be fast and must not throw.
     */
    protected void dispatching(Object event, Object[] args) {
    }

    /**
     * Called when a handler throws: logs the failure and drives {@link Events#ERROR} with a
     * {@link HandlerFailure}. A failing {@code ERROR} handler is logged only, so failures never
     * loop. The log is rate-limited by {@link #logThrottle()} per event, handler type and exception
     * type (one line a second, with the count of lines held back); the {@code ERROR} event is
     * driven every time.
     */
    protected void handlerFailed(Object event, Object[] args, Handler handler, Exception cause) {
        HandlerFailure failure = new HandlerFailure(event, args, handler, cause);
        boolean failingErrorHandler = Events.ERROR.equals(event);
        long suppressed = logThrottle().admit(new FailureKey(event, handler.getClass(), cause.getClass()));
        if (suppressed >= 0) {
            if (failingErrorHandler) {
                log.warn("{}: the ERROR handler itself failed{}", this, heldBack(suppressed), failure);
            }
            else {
                log.warn("{}: {}{}", this, failure.getMessage(), heldBack(suppressed), cause);
            }
        }
        if (!failingErrorHandler) {
            dispatch(Events.ERROR, new Object[] {failure});
        }
    }

    /**
     * The rate limiter of this emitter's failure logs. The default is one per dispatcher; emitters
     * that belong to a reactor share their reactor's. Not part of the public API.
     */
    protected LogThrottle logThrottle() {
        LogThrottle throttle = this.ownLogThrottle;
        if (throttle == null) {
            synchronized (this) {
                throttle = this.ownLogThrottle;
                if (throttle == null) {
                    throttle = LogThrottle.perSecond();
                    this.ownLogThrottle = throttle;
                }
            }
        }
        return throttle;
    }

    private static String heldBack(long suppressed) {
        return suppressed == 0 ? "" : " (" + suppressed + " more like it not logged since the last line)";
    }

    /**
     * Called when {@code event} is driven with no handler. An unhandled {@link Events#ERROR} is
     * logged so that no failure goes unseen; anything else is ignored.
     */
    protected void unhandled(Object event, Object[] args) {
        if (Events.ERROR.equals(event) && args.length > 0 && !(args[0] instanceof HandlerFailure)) {
            log.warn("{}: unhandled error", this, args[0] instanceof Throwable ? (Throwable) args[0] : null);
        }
    }

    private Registration add(Object event, Handler handler, Object[] extra, boolean once) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(handler, "handler");
        Binding binding = new Binding(event, handler, extra == null || extra.length == 0 ? NO_ARGS : extra.clone(), once);
        synchronized (this) {
            Object[] current = this.table;
            int index = indexOf(current, event);
            if (index < 0) {
                Object[] grown = Arrays.copyOf(current, current.length + 2);
                grown[current.length] = event;
                grown[current.length + 1] = new Binding[] {binding};
                this.table = grown;
            }
            else {
                Binding[] old = bindingsAt(current, index);
                Binding[] bindings = Arrays.copyOf(old, old.length + 1);
                bindings[old.length] = binding;
                Object[] copy = current.clone();
                copy[index + 1] = bindings;
                this.table = copy;
            }
        }
        return () -> remove(binding);
    }

    private synchronized void remove(Binding binding) {
        binding.removed = true;
        Object[] current = this.table;
        int index = indexOf(current, binding.event);
        if (index < 0) {
            return;
        }
        Binding[] old = bindingsAt(current, index);
        int at = -1;
        for (int i = 0; i < old.length; i++) {
            if (old[i] == binding) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            return;
        }
        if (old.length == 1) {
            this.table = without(current, index);
            return;
        }
        Binding[] bindings = new Binding[old.length - 1];
        System.arraycopy(old, 0, bindings, 0, at);
        System.arraycopy(old, at + 1, bindings, at, old.length - at - 1);
        Object[] copy = current.clone();
        copy[index + 1] = bindings;
        this.table = copy;
    }

    private Binding[] bindings(Object event) {
        Object[] current = this.table;
        int index = indexOf(current, event);
        return index < 0 ? NO_BINDINGS : bindingsAt(current, index);
    }

    /** The position of {@code event}'s key in {@code table}, or -1. Keys are nearly always constants: identity first. */
    private static int indexOf(Object[] table, Object event) {
        for (int index = 0; index < table.length; index += 2) {
            Object key = table[index];
            if (key == event || key.equals(event)) {
                return index;
            }
        }
        return -1;
    }

    private static Binding[] bindingsAt(Object[] table, int index) {
        return (Binding[]) table[index + 1];
    }

    private static Object[] without(Object[] table, int index) {
        Object[] copy = new Object[table.length - 2];
        System.arraycopy(table, 0, copy, 0, index);
        System.arraycopy(table, index + 2, copy, index, table.length - index - 2);
        return copy;
    }

    private static Object[] concat(Object[] args, Object[] extra) {
        Object[] all = Arrays.copyOf(args, args.length + extra.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        return all;
    }

    private static long[] markBuffers(Object[] args) {
        long[] marks = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof ByteBuffer buffer) {
                if (marks == null) {
                    marks = new long[args.length];
                }
                marks[i] = ((long) buffer.position() << 32) | buffer.limit();
            }
        }
        return marks;
    }

    private static void resetBuffers(Object[] args, long[] marks) {
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof ByteBuffer buffer) {
                buffer.limit((int) marks[i]).position((int) (marks[i] >>> 32));
            }
        }
    }

    /** What failure logs are throttled by: a place in the code and an exception type, never peer data. */
    private record FailureKey(Object event, Class<?> handlerType, Class<?> causeType) {
    }

    private static final class Binding {
        final Object event;
        final Handler handler;
        final Object[] extra;
        final boolean once;
        volatile boolean removed;
        private boolean claimed;

        Binding(Object event, Handler handler, Object[] extra, boolean once) {
            this.event = event;
            this.handler = handler;
            this.extra = extra;
            this.once = once;
        }

        synchronized boolean claim() {
            if (this.claimed) {
                return false;
            }
            this.claimed = true;
            return true;
        }
    }
}
