package io.untwisted.spring.binding;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import io.untwisted.event.Event;

import org.jspecify.annotations.Nullable;

/**
 * Compiles a method and its {@link ArgumentPlan} into a {@link HandlerInvoker}: the method handle
 * is bound to the bean (the proxy, when there is one), adapted once to a generic
 * {@code (Object...)Object} type and called with {@code invokeExact}. Methods of up to four
 * parameters are called without allocating an argument array.
 *
 * <p>Used at startup; the invokers it makes are immutable and safe from any thread.
 */
final class MethodHandleInvokers {

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    private MethodHandleInvokers() {
    }

    /**
     * An invoker of {@code method} on {@code target}.
     *
     * @throws IllegalAccessException when the method cannot be made accessible
     */
    static HandlerInvoker create(Object target, Method method, ArgumentPlan plan) throws IllegalAccessException {
        method.setAccessible(true);
        MethodHandle handle = LOOKUP.unreflect(method);
        if (!Modifier.isStatic(method.getModifiers())) {
            handle = handle.bindTo(target);
        }
        int arity = plan.size();
        MethodHandle generic = handle.asType(MethodType.genericMethodType(arity));
        MethodHandle spread = generic.asSpreader(Object[].class, arity);
        return switch (arity) {
            case 0 -> new Invoker0(generic, spread);
            case 1 -> new Invoker1(generic, spread, plan.source(0));
            case 2 -> new Invoker2(generic, spread, plan.source(0), plan.source(1));
            case 3 -> new Invoker3(generic, spread, plan.source(0), plan.source(1), plan.source(2));
            case 4 -> new Invoker4(generic, spread, plan.source(0), plan.source(1), plan.source(2), plan.source(3));
            default -> new SpreadInvoker(spread, plan);
        };
    }

    private abstract static class Spreading implements HandlerInvoker {
        private final MethodHandle spread;

        Spreading(MethodHandle spread) {
            this.spread = spread;
        }

        @Override
        public final @Nullable Object invokeWith(@Nullable Object[] args) throws Throwable {
            return (Object) this.spread.invokeExact((Object[]) args);
        }
    }

    private static final class Invoker0 extends Spreading {
        private final MethodHandle handle;

        Invoker0(MethodHandle handle, MethodHandle spread) {
            super(spread);
            this.handle = handle;
        }

        @Override
        public @Nullable Object invoke(Event event) throws Throwable {
            return (Object) this.handle.invokeExact();
        }
    }

    private static final class Invoker1 extends Spreading {
        private final MethodHandle handle;
        private final ArgumentSource a0;

        Invoker1(MethodHandle handle, MethodHandle spread, ArgumentSource a0) {
            super(spread);
            this.handle = handle;
            this.a0 = a0;
        }

        @Override
        public @Nullable Object invoke(Event event) throws Throwable {
            Object v0 = this.a0.resolve(event);
            return (Object) this.handle.invokeExact(v0);
        }
    }

    private static final class Invoker2 extends Spreading {
        private final MethodHandle handle;
        private final ArgumentSource a0;
        private final ArgumentSource a1;

        Invoker2(MethodHandle handle, MethodHandle spread, ArgumentSource a0, ArgumentSource a1) {
            super(spread);
            this.handle = handle;
            this.a0 = a0;
            this.a1 = a1;
        }

        @Override
        public @Nullable Object invoke(Event event) throws Throwable {
            Object v0 = this.a0.resolve(event);
            Object v1 = this.a1.resolve(event);
            return (Object) this.handle.invokeExact(v0, v1);
        }
    }

    private static final class Invoker3 extends Spreading {
        private final MethodHandle handle;
        private final ArgumentSource a0;
        private final ArgumentSource a1;
        private final ArgumentSource a2;

        Invoker3(MethodHandle handle, MethodHandle spread, ArgumentSource a0, ArgumentSource a1, ArgumentSource a2) {
            super(spread);
            this.handle = handle;
            this.a0 = a0;
            this.a1 = a1;
            this.a2 = a2;
        }

        @Override
        public @Nullable Object invoke(Event event) throws Throwable {
            Object v0 = this.a0.resolve(event);
            Object v1 = this.a1.resolve(event);
            Object v2 = this.a2.resolve(event);
            return (Object) this.handle.invokeExact(v0, v1, v2);
        }
    }

    private static final class Invoker4 extends Spreading {
        private final MethodHandle handle;
        private final ArgumentSource a0;
        private final ArgumentSource a1;
        private final ArgumentSource a2;
        private final ArgumentSource a3;

        Invoker4(MethodHandle handle, MethodHandle spread, ArgumentSource a0, ArgumentSource a1, ArgumentSource a2,
                ArgumentSource a3) {
            super(spread);
            this.handle = handle;
            this.a0 = a0;
            this.a1 = a1;
            this.a2 = a2;
            this.a3 = a3;
        }

        @Override
        public @Nullable Object invoke(Event event) throws Throwable {
            Object v0 = this.a0.resolve(event);
            Object v1 = this.a1.resolve(event);
            Object v2 = this.a2.resolve(event);
            Object v3 = this.a3.resolve(event);
            return (Object) this.handle.invokeExact(v0, v1, v2, v3);
        }
    }

    private static final class SpreadInvoker extends Spreading {
        private final ArgumentPlan plan;

        SpreadInvoker(MethodHandle spread, ArgumentPlan plan) {
            super(spread);
            this.plan = plan;
        }

        @Override
        public @Nullable Object invoke(Event event) throws Throwable {
            return invokeWith(this.plan.resolve(event));
        }
    }
}
