package io.untwisted.reactor;

import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The timer heap of one reactor, ordered by deadline, then by scheduling order.
 *
 * <p>Confined to the reactor thread, but for {@link #schedule}, which any thread may call. Cancelled timers are dropped lazily when they reach the
 * top, or all at once when they make up more than half of the heap.
 */
final class TimerQueue {

    private final PriorityQueue<TimerHandle> heap = new PriorityQueue<>();
    private final AtomicLong nextSequence = new AtomicLong();

    TimerHandle schedule(Runnable action, long deadline, long periodNanos) {
        return new TimerHandle(action, deadline, periodNanos, this.nextSequence.getAndIncrement());
    }

    void add(TimerHandle timer) {
        this.heap.add(timer);
        if (this.heap.size() > 64 && this.heap.size() % 64 == 0) {
            purgeIfMostlyCancelled();
        }
    }

    int size() {
        return this.heap.size();
    }

    /** Nanoseconds until the next live deadline: 0 if one is due, -1 if there is no timer. */
    long nanosUntilNext(long now) {
        TimerHandle top;
        while ((top = this.heap.peek()) != null && top.isCancelled()) {
            this.heap.poll();
        }
        return top == null ? -1 : Math.max(0, top.deadline() - now);
    }

    /** Runs every timer due at {@code now}; periodic ones are scheduled again. */
    void runDue(long now, Consumer<TimerHandle> runner) {
        TimerHandle top;
        int budget = this.heap.size();
        while (budget-- > 0 && (top = this.heap.peek()) != null && top.deadline() - now <= 0) {
            this.heap.poll();
            if (top.isCancelled()) {
                continue;
            }
            runner.accept(top);
            if (top.isPeriodic() && !top.isCancelled()) {
                long next = top.deadline() + top.periodNanos();
                top.deadline(next - now < 0 ? now + top.periodNanos() : next);
                this.heap.add(top);
            }
        }
    }

    private void purgeIfMostlyCancelled() {
        long cancelled = this.heap.stream().filter(TimerHandle::isCancelled).count();
        if (cancelled * 2 > this.heap.size()) {
            this.heap.removeIf(TimerHandle::isCancelled);
        }
    }
}
