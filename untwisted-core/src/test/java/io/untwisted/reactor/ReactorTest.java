package io.untwisted.reactor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReactorTest {

    private final ManualClock clock = new ManualClock();
    private final Reactor manual = new Reactor("manual", this.clock, 1000);
    private Reactor running;

    @AfterEach
    void stop() throws InterruptedException {
        this.manual.stop();
        if (this.running != null) {
            this.running.stop();
            assertThat(this.running.awaitTermination(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void shouldFireTimersInDeadlineOrderThenSchedulingOrder() {
        List<String> fired = new ArrayList<>();
        this.manual.runOnce(Duration.ZERO);
        this.manual.after(Duration.ofMillis(30), () -> fired.add("30ms"));
        this.manual.after(Duration.ofMillis(10), () -> fired.add("10ms a"));
        this.manual.after(Duration.ofMillis(10), () -> fired.add("10ms b"));
        this.manual.after(Duration.ofMillis(20), () -> fired.add("20ms"));

        this.clock.advance(Duration.ofMillis(15));
        this.manual.runOnce(Duration.ZERO);
        assertThat(fired).containsExactly("10ms a", "10ms b");

        this.clock.advance(Duration.ofMillis(20));
        this.manual.runOnce(Duration.ZERO);
        assertThat(fired).containsExactly("10ms a", "10ms b", "20ms", "30ms");
    }

    @Test
    void shouldNotFireCancelledTimers() {
        List<String> fired = new ArrayList<>();
        this.manual.runOnce(Duration.ZERO);
        TimerHandle cancelled = this.manual.after(Duration.ofMillis(10), () -> fired.add("cancelled"));
        this.manual.after(Duration.ofMillis(10), () -> fired.add("kept"));
        cancelled.cancel();

        this.clock.advance(Duration.ofMillis(10));
        this.manual.runOnce(Duration.ZERO);

        assertThat(fired).containsExactly("kept");
        assertThat(cancelled.isCancelled()).isTrue();
    }

    @Test
    void shouldRepeatPeriodicTimerUntilCancelled() {
        AtomicInteger ticks = new AtomicInteger();
        this.manual.runOnce(Duration.ZERO);
        TimerHandle timer = this.manual.every(Duration.ofSeconds(1), ticks::incrementAndGet);

        for (int i = 0; i < 3; i++) {
            this.clock.advance(Duration.ofSeconds(1));
            this.manual.runOnce(Duration.ZERO);
        }
        timer.cancel();
        this.clock.advance(Duration.ofSeconds(5));
        this.manual.runOnce(Duration.ZERO);

        assertThat(ticks).hasValue(3);
        assertThat(timer.isPeriodic()).isTrue();
    }

    @Test
    void shouldNotFireTimerBeforeItsDeadline() {
        List<String> fired = new ArrayList<>();
        this.manual.runOnce(Duration.ZERO);
        this.manual.after(Duration.ofSeconds(1), () -> fired.add("late"));

        this.clock.advance(Duration.ofMillis(999));
        this.manual.runOnce(Duration.ZERO);

        assertThat(fired).isEmpty();
    }

    @Test
    void shouldFireRealTimersInOrderOnTheReactorThread() throws InterruptedException {
        this.running = new Reactor("timers");
        this.running.start();
        List<Integer> order = new ArrayList<>();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(3);
        this.running.execute(() -> {
            for (int delay : new int[] {300, 100, 200}) {
                this.running.after(Duration.ofMillis(delay), () -> {
                    order.add(delay);
                    threads.add(Thread.currentThread());
                    done.countDown();
                });
            }
        });

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly(100, 200, 300);
        assertThat(threads).extracting(Thread::getName).containsExactly("timers");
    }

    @Test
    void shouldRunEveryTaskFromManyThreadsOnTheReactorThread() throws InterruptedException {
        this.running = new Reactor("tasks");
        this.running.start();
        int producers = 8;
        int tasksEach = 10_000;
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger offThread = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(producers * tasksEach);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Thread producer = new Thread(() -> {
                for (int i = 0; i < tasksEach; i++) {
                    this.running.execute(() -> {
                        if (!this.running.inReactorThread()) {
                            offThread.incrementAndGet();
                        }
                        ran.incrementAndGet();
                        all.countDown();
                    });
                }
            });
            threads.add(producer);
            producer.start();
        }
        for (Thread producer : threads) {
            producer.join();
        }

        assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).hasValue(producers * tasksEach);
        assertThat(offThread).hasValue(0);
    }

    @Test
    void shouldRejectTasksBeyondTheQueueBound() {
        for (int i = 0; i < 1000; i++) {
            this.manual.execute(() -> { });
        }

        assertThatThrownBy(() -> this.manual.execute(() -> { }))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("1000");
        assertThat(this.manual.pendingTasks()).isEqualTo(1000);
    }

    @Test
    void shouldRunTasksQueuedBeforeItRunsAndStopWhenAsked() throws InterruptedException {
        AtomicInteger ran = new AtomicInteger();
        this.manual.execute(ran::incrementAndGet);

        assertThat(this.manual.runOnce(Duration.ZERO)).isTrue();
        assertThat(ran).hasValue(1);

        this.manual.stop();
        assertThat(this.manual.runOnce(Duration.ZERO)).isFalse();
        assertThat(this.manual.state()).isEqualTo(ReactorState.TERMINATED);
        assertThat(this.manual.awaitTermination(Duration.ofSeconds(1))).isTrue();
        assertThatThrownBy(() -> this.manual.submit(() -> { })).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void shouldKeepRunningWhenATaskOrTimerThrows() throws InterruptedException {
        this.running = new Reactor("failures");
        this.running.start();
        CountDownLatch after = new CountDownLatch(2);
        this.running.execute(() -> {
            throw new IllegalStateException("task failure");
        });
        this.running.after(Duration.ZERO, () -> {
            throw new IllegalStateException("timer failure");
        });
        this.running.execute(after::countDown);
        this.running.after(Duration.ofMillis(1), after::countDown);

        assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(this.running.state()).isEqualTo(ReactorState.RUNNING);
    }

    @Test
    void shouldRunAllReactorsOfAGroupAndStopThem() throws InterruptedException {
        try (ReactorGroup group = new ReactorGroup(3, "group")) {
            group.start();
            assertThat(group.reactors()).allSatisfy(r -> assertThat(r.state()).isEqualTo(ReactorState.RUNNING));
            assertThat(List.of(group.next(), group.next(), group.next())).containsExactlyElementsOf(group.reactors());
            group.stop();
            assertThat(group.awaitTermination(Duration.ofSeconds(10))).isTrue();
        }
    }
}
