package io.untwisted.spring.binding;

import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.Collectors;

import io.untwisted.event.Event;

import org.jspecify.annotations.Nullable;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;

/**
 * Where each parameter of one {@code @OnEvent} method takes its value from: fixed once at startup
 * by asking the {@link ParameterBinder}s, so that no parameter is inspected at event time.
 *
 * <p>Immutable; {@link #resolve} is called on the thread that drives the event.
 */
public final class ArgumentPlan {

    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    private final ArgumentSource[] sources;

    private ArgumentPlan(ArgumentSource[] sources) {
        this.sources = sources;
    }

    /**
     * Plans the arguments of {@code method} handling {@code event} with the starter's binders.
     *
     * @throws HandlerBindingException when a parameter cannot be bound
     */
    public static ArgumentPlan create(String beanName, Method method, String event, boolean offload) {
        return create(beanName, method, event, offload, BuiltInParameterBinders.ALL);
    }

    /**
     * Plans the arguments of {@code method} handling {@code event}, asking {@code binders} in order.
     *
     * @throws HandlerBindingException when a parameter cannot be bound
     */
    public static ArgumentPlan create(String beanName, Method method, String event, boolean offload,
            List<ParameterBinder> binders) {
        int count = method.getParameterCount();
        ArgumentSource[] sources = new ArgumentSource[count];
        ParameterContext context = null;
        for (int i = 0; i < count; i++) {
            MethodParameter parameter = new MethodParameter(method, i);
            parameter.initParameterNameDiscovery(NAMES);
            if (context == null) {
                context = new ParameterContext(parameter, event, offload);
            }
            else {
                context.moveTo(parameter);
            }
            sources[i] = bind(beanName, method, event, binders, context);
        }
        return new ArgumentPlan(sources);
    }

    private static ArgumentSource bind(String beanName, Method method, String event, List<ParameterBinder> binders,
            ParameterContext context) {
        for (ParameterBinder binder : binders) {
            ArgumentSource source;
            try {
                source = binder.bind(context);
            }
            catch (IllegalArgumentException ex) {
                throw new HandlerBindingException(beanName, method, describe(context.parameter()) + ": " + ex.getMessage());
            }
            if (source != null) {
                return source;
            }
        }
        throw new HandlerBindingException(beanName, method, describe(context.parameter())
                + " cannot be bound to event '" + event + "', which carries " + carried(context.slots())
                + "; a parameter may be a SuperSocket (the connection), a SuperServer (the listening socket), "
                + "an Event (not with offload = true), or one of the event's arguments by type "
                + "(a ByteBuffer or byte[] payload also as byte[], String or ByteBuffer)");
    }

    private static String describe(MethodParameter parameter) {
        String name = parameter.getParameterName();
        return "parameter " + parameter.getParameterIndex() + " (" + parameter.getParameterType().getSimpleName()
                + (name != null ? " " + name : "") + ")";
    }

    private static String carried(@Nullable List<EventSignatures.Slot> slots) {
        if (slots == null) {
            return "no more arguments";
        }
        return slots.isEmpty() ? "no arguments"
                : slots.stream().map(EventSignatures.Slot::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    /** How many parameters the method has. */
    public int size() {
        return this.sources.length;
    }

    /** The source of parameter {@code index}. */
    public ArgumentSource source(int index) {
        return this.sources[index];
    }

    /** Resolves every argument now, for a call that happens later (off the reactor thread). */
    public @Nullable Object[] resolve(Event event) throws Exception {
        Object[] args = new Object[this.sources.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = this.sources[i].resolve(event);
        }
        return args;
    }
}
