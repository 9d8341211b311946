package io.untwisted.spring.metrics;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.untwisted.spring.binding.HandlerMethodBinding;
import io.untwisted.spring.context.HandlerCall;
import io.untwisted.spring.context.HandlerInstrumentation;

import org.jspecify.annotations.Nullable;

/**
 * Times the calls of one handler in {@code untwisted.handler}: the success timer is created up
 * front; an error timer per exception type on its first failure (bounded: past
 * {@value #MAX_EXCEPTION_TYPES} types, failures are tagged {@code exception=other}). A call costs
 * one or two {@code nanoTime} reads (one when the caller passes the start it read) and one {@code record}.
 *
 * <p>Called on the threads that run the handler; safe from any thread.
 */
final class TimedHandlerInstrumentation implements HandlerInstrumentation {

    static final int MAX_EXCEPTION_TYPES = 32;

    private final MeterRegistry registry;
    private final Tags tags;
    private final HandlerInstrumentation next;
    private final Timer success;
    private final Counter blocked;
    private final ConcurrentMap<Class<?>, Timer> errors = new ConcurrentHashMap<>();

    TimedHandlerInstrumentation(MeterRegistry registry, Tags serverTags, HandlerMethodBinding binding,
            HandlerInstrumentation next) {
        this.registry = registry;
        this.tags = serverTags.and(UntwistedMeters.TagKeys.EVENT, binding.event())
                .and(UntwistedMeters.TagKeys.HANDLER, binding.id());
        this.next = next;
        this.success = timer("success", "none");
        this.blocked = Counter.builder(UntwistedMeters.HANDLER_BLOCKED.getName())
                .description(UntwistedMeters.HANDLER_BLOCKED.getDescription())
                .tags(this.tags)
                .register(registry);
    }

    private Timer timer(String outcome, String exception) {
        return Timer.builder(UntwistedMeters.HANDLER.getName())
                .description(UntwistedMeters.HANDLER.getDescription())
                .tags(this.tags)
                .tag(UntwistedMeters.TagKeys.OUTCOME, outcome)
                .tag(UntwistedMeters.TagKeys.EXCEPTION, exception)
                .register(this.registry);
    }

    @Override
    public <T> @Nullable Object invoke(HandlerCall<T> call, T input) throws Exception {
        return invoke(call, input, System.nanoTime());
    }

    @Override
    public <T> @Nullable Object invoke(HandlerCall<T> call, T input, long start) throws Exception {
        try {
            Object result = this.next.invoke(call, input);
            this.success.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return result;
        }
        catch (Exception | Error ex) {
            errorTimer(ex.getClass()).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            throw ex;
        }
    }

    private Timer errorTimer(Class<?> type) {
        Timer timer = this.errors.get(type);
        if (timer != null) {
            return timer;
        }
        String name = this.errors.size() < MAX_EXCEPTION_TYPES ? type.getSimpleName() : "other";
        return this.errors.computeIfAbsent(type, key -> timer("error", name.isEmpty() ? key.getName() : name));
    }

    @Override
    public void blocked(Duration blockedFor) {
        this.blocked.increment();
        this.next.blocked(blockedFor);
    }
}
