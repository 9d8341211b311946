package io.untwisted.spring.binding;

import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;

import io.untwisted.event.Event;
import io.untwisted.event.Events;
import io.untwisted.net.SuperSocket;
import io.untwisted.spring.annotation.OnEvent;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;

/**
 * One {@code @OnEvent} method bound to one server's event: its compiled invoker, its argument
 * plan and what to do with its return value, all built once at startup.
 *
 * <p>Immutable. {@link #invoke} is called on the thread that drives the event; {@link #invokeWith}
 * and {@link #reply} on any thread. Shared by every connection of the server.
 */
public final class HandlerMethodBinding {

    private final String server;
    private final String event;
    private final String beanName;
    private final Method method;
    private final String id;
    private final boolean offload;
    private final ArgumentPlan plan;
    private final HandlerInvoker invoker;
    private final ReplyWriter reply;
    private final boolean accept;

    private HandlerMethodBinding(String server, String event, String beanName, Method method, boolean offload,
            ArgumentPlan plan, HandlerInvoker invoker, ReplyWriter reply) {
        this.server = server;
        this.event = event;
        this.beanName = beanName;
        this.method = method;
        this.id = beanName + "#" + method.getName();
        this.offload = offload;
        this.plan = plan;
        this.invoker = invoker;
        this.reply = reply;
        this.accept = Events.ACCEPT.equals(event);
    }

    /**
     * Binds {@code method}, found on the user class of bean {@code beanName}, to be called on
     * {@code bean} as the container holds it (a proxy, when there is one, so its advice applies).
     *
     * @throws HandlerBindingException when the method cannot be bound
     */
    public static HandlerMethodBinding create(String server, String beanName, Object bean, Method method,
            OnEvent onEvent) {
        // Interned, so that the dispatcher finds the handlers of a core event key by identity.
        String event = onEvent.value().intern();
        if (event.isEmpty()) {
            throw new HandlerBindingException(beanName, method, "the event key is empty");
        }
        ReplyWriter reply = ReplyWriter.forReturnType(method.getReturnType());
        if (reply == null) {
            throw new HandlerBindingException(beanName, method, "return type " + method.getReturnType().getName()
                    + " is not supported; return void, or a String, byte[] or ByteBuffer to dump to the connection");
        }
        ArgumentPlan plan = ArgumentPlan.create(beanName, method, event, onEvent.offload());
        Method invocable;
        try {
            invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
        }
        catch (IllegalStateException ex) {
            throw new HandlerBindingException(beanName, method, ex.getMessage(), ex);
        }
        HandlerInvoker invoker;
        try {
            invoker = MethodHandleInvokers.create(bean, invocable, plan);
        }
        catch (IllegalAccessException | RuntimeException ex) {
            throw new HandlerBindingException(beanName, method, "it cannot be called: " + ex, ex);
        }
        return new HandlerMethodBinding(server, event, beanName, method, onEvent.offload(), plan, invoker, reply);
    }

    /** The server this handler belongs to. */
    public String server() {
        return this.server;
    }

    /** The event key it handles. */
    public String event() {
        return this.event;
    }

    /** The name of the bean that declares it. */
    public String beanName() {
        return this.beanName;
    }

    /** The method, as declared on the bean's user class. */
    public Method method() {
        return this.method;
    }

    /** {@code beanName#methodName}: the {@code handler} tag of its meters. */
    public String id() {
        return this.id;
    }

    /** Whether it runs off the reactor thread. */
    public boolean offload() {
        return this.offload;
    }

    /** Whether it handles {@code ACCEPT}, and so is bound to the listening socket. */
    public boolean isAccept() {
        return this.accept;
    }

    /** The connection an occurrence of the event concerns: the accepted client for ACCEPT, else the emitter. */
    public SuperSocket connection(Event event) {
        return this.accept ? event.arg(0) : (SuperSocket) event.source();
    }

    /**
     * Calls the method for {@code event}.
     *
     * @return what it returned
     * @throws Exception what it threw; an {@link Error} is rethrown as it is
     */
    public @Nullable Object invoke(Event event) throws Exception {
        try {
            return this.invoker.invoke(event);
        }
        catch (Exception | Error ex) {
            throw ex;
        }
        catch (Throwable ex) {
            throw new UndeclaredThrowableException(ex);
        }
    }

    /** Resolves the arguments now, for {@link #invokeWith} later on another thread. */
    public @Nullable Object[] resolveArguments(Event event) throws Exception {
        return this.plan.resolve(event);
    }

    /**
     * Calls the method with arguments resolved by {@link #resolveArguments}.
     *
     * @throws Exception what it threw; an {@link Error} is rethrown as it is
     */
    public @Nullable Object invokeWith(@Nullable Object[] args) throws Exception {
        try {
            return this.invoker.invokeWith(args);
        }
        catch (Exception | Error ex) {
            throw ex;
        }
        catch (Throwable ex) {
            throw new UndeclaredThrowableException(ex);
        }
    }

    /** Dumps a non-null {@code String}, {@code byte[]} or {@code ByteBuffer} return value to {@code connection}. */
    public void reply(@Nullable Object value, SuperSocket connection) {
        this.reply.write(value, connection);
    }

    @Override
    public String toString() {
        return this.id + " of server '" + this.server + "'";
    }
}
