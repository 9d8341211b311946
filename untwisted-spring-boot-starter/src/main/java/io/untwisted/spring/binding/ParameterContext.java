package io.untwisted.spring.binding;

import java.util.List;

import io.untwisted.event.Events;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * One parameter of an {@code @OnEvent} method being planned, with what the binders before it have
 * already taken (the connection, the event's arguments).
 *
 * <p>Used at startup on one thread only.
 */
public final class ParameterContext {

    private MethodParameter parameter;
    private final String event;
    private final boolean offload;
    private final @Nullable List<EventSignatures.Slot> slots;
    private final boolean[] slotTaken;
    private boolean socketTaken;
    private int nextPositional;

    ParameterContext(MethodParameter first, String event, boolean offload) {
        this.parameter = first;
        this.event = event;
        this.offload = offload;
        this.slots = EventSignatures.of(event);
        this.slotTaken = new boolean[this.slots == null ? 0 : this.slots.size()];
    }

    /** Moves to the next parameter; the claims made so far are kept. */
    void moveTo(MethodParameter next) {
        this.parameter = next;
    }

    /** The parameter being bound. */
    public MethodParameter parameter() {
        return this.parameter;
    }

    /** The parameter's type. */
    public Class<?> type() {
        return parameter().getParameterType();
    }

    /** The event the method handles. */
    public String event() {
        return this.event;
    }

    /** Whether the event is {@code ACCEPT}, whose emitter is the listening socket. */
    public boolean isAccept() {
        return Events.ACCEPT.equals(this.event);
    }

    /** Whether the method runs off the reactor thread. */
    public boolean offload() {
        return this.offload;
    }

    /** The built-in event's arguments, or null for a custom event (bound by position). */
    public @Nullable List<EventSignatures.Slot> slots() {
        return this.slots;
    }

    /**
     * Takes the connection for this parameter.
     *
     * @return false if an earlier parameter took it already
     */
    public boolean claimSocket() {
        if (this.socketTaken) {
            return false;
        }
        this.socketTaken = true;
        return true;
    }

    /** Whether argument {@code index} of a built-in event is still free. */
    public boolean isSlotFree(int index) {
        return !this.slotTaken[index];
    }

    /** Takes argument {@code index} of a built-in event. */
    public void claimSlot(int index) {
        this.slotTaken[index] = true;
    }

    /** Takes the next argument of a custom event, by position. */
    public int claimPositional() {
        return this.nextPositional++;
    }
}
