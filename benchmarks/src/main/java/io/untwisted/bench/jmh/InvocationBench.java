package io.untwisted.bench.jmh;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import io.untwisted.event.Dispatcher;
import io.untwisted.event.Event;
import io.untwisted.event.Events;
import io.untwisted.event.Handler;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * How the starter should call an {@code @OnEvent} method: the same bean method
 * {@code load(Object socket, ByteBuffer data)} called per event through a dispatcher
 * {@link Handler}, bound once at startup by
 * <ul>
 * <li>{@code direct}: a hand-written lambda (the floor);</li>
 * <li>{@code reflection}: {@link Method#invoke} with the event's argument array;</li>
 * <li>{@code methodHandle}: a {@link MethodHandle} held in a field (as the starter must hold it,
 * so not a JIT constant), adapted to {@code (Object,Object,Object)void} and called with
 * {@code invokeExact};</li>
 * <li>{@code methodHandleSpread}: the same handle spread over the argument array, the generic
 * binding that needs no per-arity code;</li>
 * <li>{@code lambda}: a class generated once with {@link LambdaMetafactory} implementing a
 * three-argument invoker interface;</li>
 * <li>{@code starter}: the starter's own binding ({@code HandlerMethodBinding}, method handles
 * adapted to a generic type and called with {@code invokeExact}, arguments resolved by a
 * precomputed plan) of an {@code @OnEvent(LOAD) void load(ByteBuffer)} method, called from a
 * dispatcher handler; its event carries the payload only (the starter takes the socket from the
 * emitter, which here is a plain dispatcher), so it is one argument short of the others.</li>
 * </ul>
 * {@code callSite=mega} first runs four other beans' handlers through the same dispatcher call
 * site, as in an application with many {@code @OnEvent} methods, so the JIT cannot inline one
 * target at the call site.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InvocationBench {

    /** The shape of a generated invoker: bean, then the bound event arguments. */
    @FunctionalInterface
    public interface Invoker3 {
        void invoke(Object bean, Object first, Object second);
    }

    /** An application's handler bean. */
    public static final class EchoBean {
        long bytes;

        public void load(Object socket, ByteBuffer data) {
            this.bytes += data.remaining();
        }
    }

    /** Other handler beans, to make the call site megamorphic. */
    public static final class OtherBean1 {
        long n;
        public void load(Object socket, ByteBuffer data) {
            this.n++;
        }
    }

    public static final class OtherBean2 {
        long n;
        public void load(Object socket, ByteBuffer data) {
            this.n += 2;
        }
    }

    public static final class OtherBean3 {
        long n;
        public void load(Object socket, ByteBuffer data) {
            this.n += 3;
        }
    }

    /** The starter's shape of the same handler. */
    public static final class StarterBean {
        long bytes;

        @io.untwisted.spring.annotation.OnEvent(Events.LOAD)
        public void load(ByteBuffer data) {
            this.bytes += data.remaining();
        }
    }

    public static final class OtherBean4 {
        long n;
        public void load(Object socket, ByteBuffer data) {
            this.n += 4;
        }
    }

    @Param({"mono", "mega"})
    public String callSite;

    private final Object socket = new Object();
    private final ByteBuffer data = ByteBuffer.allocate(16);
    private final EchoBean bean = new EchoBean();
    private Dispatcher direct;
    private Dispatcher reflection;
    private Dispatcher methodHandle;
    private Dispatcher methodHandleSpread;
    private Dispatcher lambda;
    private Dispatcher starter;
    private final StarterBean starterBean = new StarterBean();

    @Setup
    public void setup(Blackhole blackhole) throws Throwable {
        this.direct = new Dispatcher();
        this.reflection = new Dispatcher();
        this.methodHandle = new Dispatcher();
        this.methodHandleSpread = new Dispatcher();
        this.lambda = new Dispatcher();
        this.starter = new Dispatcher();
        if ("mega".equals(this.callSite)) {
            Object[] others = {new OtherBean1(), new OtherBean2(), new OtherBean3(), new OtherBean4()};
            for (Object other : others) {
                // Each kind of binding once per other bean, through the very dispatcher code the
                // measured one runs, so every call site in it has seen five targets.
                Dispatcher warm = new Dispatcher();
                bindAll(warm, other);
                for (int i = 0; i < 20_000; i++) {
                    warm.drive("direct", this.socket, this.data);
                    warm.drive("reflection", this.socket, this.data);
                    warm.drive("methodHandle", this.socket, this.data);
                    warm.drive("methodHandleSpread", this.socket, this.data);
                    warm.drive("lambda", this.socket, this.data);
                    warm.drive("starter", this.data);
                }
                blackhole.consume(other);
            }
        }
        this.direct.on(Events.LOAD, directHandler(this.bean));
        this.reflection.on(Events.LOAD, reflectionHandler(this.bean));
        this.methodHandle.on(Events.LOAD, methodHandleHandler(this.bean));
        this.methodHandleSpread.on(Events.LOAD, spreadHandler(this.bean));
        this.lambda.on(Events.LOAD, lambdaHandler(this.bean));
        this.starter.on(Events.LOAD, starterHandler(this.starterBean));
    }

    /** The starter's binding of {@code StarterBean.load}, or of an equivalent method of another bean. */
    private static Handler starterHandler(Object bean) throws ReflectiveOperationException {
        java.lang.reflect.Method method = bean instanceof StarterBean
                ? StarterBean.class.getMethod("load", ByteBuffer.class)
                : StarterLike.class.getMethod("load", ByteBuffer.class);
        Object target = bean instanceof StarterBean ? bean : new StarterLike(bean);
        io.untwisted.spring.binding.HandlerMethodBinding binding = io.untwisted.spring.binding.HandlerMethodBinding
                .create("bench", "bean", target, method, method.getAnnotation(io.untwisted.spring.annotation.OnEvent.class));
        return binding::invoke;
    }

    /** Another bean's starter-shaped handler, for the megamorphic warm-up. */
    public static final class StarterLike {
        final Object of;
        long n;

        StarterLike(Object of) {
            this.of = of;
        }

        @io.untwisted.spring.annotation.OnEvent(Events.LOAD)
        public void load(ByteBuffer data) {
            this.n += data.remaining() + this.of.hashCode();
        }
    }

    private static void bindAll(Dispatcher dispatcher, Object bean) throws Throwable {
        dispatcher.on("direct", directHandler(bean));
        dispatcher.on("reflection", reflectionHandler(bean));
        dispatcher.on("methodHandle", methodHandleHandler(bean));
        dispatcher.on("methodHandleSpread", spreadHandler(bean));
        dispatcher.on("lambda", lambdaHandler(bean));
        dispatcher.on("starter", starterHandler(bean));
    }

    private static Method method(Object bean) throws NoSuchMethodException {
        return bean.getClass().getMethod("load", Object.class, ByteBuffer.class);
    }

    private static Handler directHandler(Object bean) {
        if (bean instanceof EchoBean echo) {
            return e -> echo.load(e.arg(0), e.arg(1));
        }
        if (bean instanceof OtherBean1 b) {
            return e -> b.load(e.arg(0), e.arg(1));
        }
        if (bean instanceof OtherBean2 b) {
            return e -> b.load(e.arg(0), e.arg(1));
        }
        if (bean instanceof OtherBean3 b) {
            return e -> b.load(e.arg(0), e.arg(1));
        }
        OtherBean4 b = (OtherBean4) bean;
        return e -> b.load(e.arg(0), e.arg(1));
    }

    private static Handler reflectionHandler(Object bean) throws NoSuchMethodException {
        Method method = method(bean);
        return e -> method.invoke(bean, e.args());
    }

    /** The starter's likely shape: a handler object holding a non-constant handle. */
    static final class MethodHandleHandler implements Handler {
        private final Object bean;
        private final MethodHandle handle;

        MethodHandleHandler(Object bean, MethodHandle handle) {
            this.bean = bean;
            this.handle = handle;
        }

        @Override
        public void handle(Event event) throws Exception {
            Object[] args = event.args();
            try {
                this.handle.invokeExact(this.bean, args[0], args[1]);
            }
            catch (Exception | Error ex) {
                throw ex;
            }
            catch (Throwable ex) {
                throw new IllegalStateException(ex);
            }
        }
    }

    static final class SpreadHandler implements Handler {
        private final Object bean;
        private final MethodHandle handle;

        SpreadHandler(Object bean, MethodHandle handle) {
            this.bean = bean;
            this.handle = handle;
        }

        @Override
        public void handle(Event event) throws Exception {
            try {
                this.handle.invokeExact(this.bean, event.args());
            }
            catch (Exception | Error ex) {
                throw ex;
            }
            catch (Throwable ex) {
                throw new IllegalStateException(ex);
            }
        }
    }

    private static Handler methodHandleHandler(Object bean) throws ReflectiveOperationException {
        MethodHandle handle = MethodHandles.lookup().unreflect(method(bean))
                .asType(MethodType.methodType(void.class, Object.class, Object.class, Object.class));
        return new MethodHandleHandler(bean, handle);
    }

    private static Handler spreadHandler(Object bean) throws ReflectiveOperationException {
        MethodHandle handle = MethodHandles.lookup().unreflect(method(bean))
                .asType(MethodType.methodType(void.class, Object.class, Object.class, Object.class))
                .asSpreader(Object[].class, 2);
        return new SpreadHandler(bean, handle);
    }

    private static Handler lambdaHandler(Object bean) throws Throwable {
        Method method = method(bean);
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(bean.getClass(), MethodHandles.lookup());
        MethodHandle target = lookup.unreflect(method);
        CallSite site = LambdaMetafactory.metafactory(lookup, "invoke", MethodType.methodType(Invoker3.class),
                MethodType.methodType(void.class, Object.class, Object.class, Object.class), target,
                MethodType.methodType(void.class, bean.getClass(), Object.class, ByteBuffer.class));
        Invoker3 invoker = (Invoker3) site.getTarget().invoke();
        return new LambdaHandler(bean, invoker);
    }

    static final class LambdaHandler implements Handler {
        private final Object bean;
        private final Invoker3 invoker;

        LambdaHandler(Object bean, Invoker3 invoker) {
            this.bean = bean;
            this.invoker = invoker;
        }

        @Override
        public void handle(Event event) {
            Object[] args = event.args();
            this.invoker.invoke(this.bean, args[0], args[1]);
        }
    }

    @Benchmark
    public long direct() {
        this.direct.drive(Events.LOAD, this.socket, this.data);
        return this.bean.bytes;
    }

    @Benchmark
    public long reflection() {
        this.reflection.drive(Events.LOAD, this.socket, this.data);
        return this.bean.bytes;
    }

    @Benchmark
    public long methodHandle() {
        this.methodHandle.drive(Events.LOAD, this.socket, this.data);
        return this.bean.bytes;
    }

    @Benchmark
    public long methodHandleSpread() {
        this.methodHandleSpread.drive(Events.LOAD, this.socket, this.data);
        return this.bean.bytes;
    }

    @Benchmark
    public long starter() {
        this.starter.drive(Events.LOAD, this.data);
        return this.starterBean.bytes;
    }

    @Benchmark
    public long lambda() {
        this.lambda.drive(Events.LOAD, this.socket, this.data);
        return this.bean.bytes;
    }
}
