package io.untwisted.spring.binding;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.UnaryOperator;

import io.untwisted.event.Event;
import io.untwisted.event.Events;
import io.untwisted.event.HandlerFailure;
import io.untwisted.net.SuperServer;
import io.untwisted.net.SuperSocket;

import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * The parameter binders of the starter, in the order they are asked: the {@link Event} itself,
 * the connection, the listening socket, then the event's arguments.
 *
 * <p>Stateless; safe from any thread.
 */
final class BuiltInParameterBinders {

    /** The binders, in order. */
    static final List<ParameterBinder> ALL = List.of(
            BuiltInParameterBinders::event,
            BuiltInParameterBinders::connection,
            BuiltInParameterBinders::server,
            BuiltInParameterBinders::eventArgument);

    private BuiltInParameterBinders() {
    }

    private static @Nullable ArgumentSource event(ParameterContext parameter) {
        if (parameter.type() != Event.class) {
            return null;
        }
        if (parameter.offload()) {
            throw new IllegalArgumentException("an Event is valid only while the reactor drives it, "
                    + "so a method with offload = true cannot take one");
        }
        return event -> event;
    }

    private static @Nullable ArgumentSource connection(ParameterContext parameter) {
        if (parameter.type() != SuperSocket.class || !parameter.claimSocket()) {
            return null;
        }
        if (parameter.isAccept()) {
            parameter.claimSlot(0);
            return event -> event.arg(0);
        }
        return Event::source;
    }

    private static @Nullable ArgumentSource server(ParameterContext parameter) {
        if (parameter.type() != SuperServer.class) {
            return null;
        }
        if (parameter.isAccept()) {
            return Event::source;
        }
        return event -> ((SuperSocket) event.source()).server();
    }

    private static @Nullable ArgumentSource eventArgument(ParameterContext parameter) {
        List<EventSignatures.Slot> slots = parameter.slots();
        if (slots == null) {
            return positional(parameter);
        }
        for (int i = 0; i < slots.size(); i++) {
            if (parameter.isSlotFree(i)) {
                ArgumentSource source = fromSlot(parameter, slots.get(i));
                if (source != null) {
                    parameter.claimSlot(i);
                    return source;
                }
            }
        }
        return null;
    }

    private static @Nullable ArgumentSource fromSlot(ParameterContext parameter, EventSignatures.Slot slot) {
        Class<?> type = parameter.type();
        int index = slot.index();
        UnaryOperator<Object> conversion = PayloadConversions.between(slot.type(), type, parameter.offload());
        if (conversion != null) {
            return event -> conversion.apply(event.arg(index));
        }
        if (slot.type() == HandlerFailure.class) {
            return type == HandlerFailure.class
                    ? event -> event.arg(index) instanceof HandlerFailure failure ? failure : null : null;
        }
        if (Events.ERROR.equals(parameter.event())) {
            if (type == Throwable.class || type == Exception.class) {
                return event -> event.arg(index) instanceof HandlerFailure failure ? failure.getCause() : event.arg(index);
            }
            return null;
        }
        if (!type.isPrimitive() && type.isAssignableFrom(slot.type())) {
            return event -> event.arg(index);
        }
        return null;
    }

    private static ArgumentSource positional(ParameterContext parameter) {
        int index = parameter.claimPositional();
        Class<?> type = parameter.type();
        Class<?> boxed = ClassUtils.resolvePrimitiveIfNecessary(type);
        boolean offload = parameter.offload();
        String event = parameter.event();
        return occurrence -> {
            Object[] args = occurrence.args();
            if (index >= args.length) {
                throw new IllegalArgumentException("event '" + event + "' was driven with " + args.length
                        + " argument(s), but the handler needs argument " + index + " (" + type.getSimpleName() + ")");
            }
            Object value = args[index];
            if (boxed.isInstance(value) && !(offload && value instanceof ByteBuffer)) {
                return value;
            }
            return PayloadConversions.convert(value, type, offload);
        };
    }
}
