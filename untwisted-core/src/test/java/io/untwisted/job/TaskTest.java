package io.untwisted.job;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.untwisted.event.Dispatcher;
import io.untwisted.event.Events;
import io.untwisted.reactor.Reactor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TaskTest {

    @Test
    void drivesDoneOnceEveryPairSettledWithTheFirstEventOfEach() {
        Dispatcher first = new Dispatcher();
        Dispatcher second = new Dispatcher();
        Task task = new Task().add(first, Events.CONNECT, Events.CONNECT_ERR).add(second, Events.CONNECT, Events.CONNECT_ERR);
        CompletableFuture<List<Task.Fired>> done = new CompletableFuture<>();
        task.onDone(done::complete);
        task.start();

        second.drive(Events.CONNECT_ERR, new IllegalStateException("refused"));
        assertThat(done).isNotDone();
        second.drive(Events.CONNECT);
        assertThat(task.unsettled()).isEqualTo(1);
        first.drive(Events.CONNECT);

        List<Task.Fired> fired = done.join();
        assertThat(fired).extracting(Task.Fired::emitter).containsExactly(first, second);
        assertThat(fired).extracting(Task.Fired::event).containsExactly(Events.CONNECT, Events.CONNECT_ERR);
        assertThat(fired.get(1).args().get(0)).isInstanceOf(IllegalStateException.class);
        assertThat(first.hasHandlers(Events.CONNECT)).isFalse();
        assertThat(second.hasHandlers(Events.CONNECT)).isFalse();
    }

    @Test
    void settlingBeforeStartDrivesDoneInStartAndOnlyOnce() {
        Dispatcher emitter = new Dispatcher();
        Task task = new Task().add(emitter, "ready");
        int[] dones = new int[1];
        task.on(Events.DONE, e -> dones[0]++);

        emitter.drive("ready");
        assertThat(dones[0]).isZero();
        task.start();
        task.start();

        assertThat(dones[0]).isEqualTo(1);
    }

    @Test
    void anEmptyTaskIsDoneAtStartAndAddingAfterStartFails() {
        Task task = new Task();
        CompletableFuture<List<Task.Fired>> done = new CompletableFuture<>();
        task.onDone(done::complete);
        task.start();

        assertThat(done.join()).isEmpty();
        assertThatIllegalStateException().isThrownBy(() -> task.add(new Dispatcher(), "x"));
        assertThatIllegalArgumentException().isThrownBy(() -> new Task().add(new Dispatcher()));
    }

    @Test
    void waitsForJobsThatSettleOnTheReactorThread() throws Exception {
        try (Reactor reactor = new Reactor("task-reactor"); JobExecutor jobs = JobExecutor.boundedPool(4, 100)) {
            reactor.start();
            Task task = new Task();
            List<Job<Integer>> all = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                Job<Integer> job = new Job<>(reactor, () -> {
                    if (n % 5 == 0) {
                        throw new IllegalArgumentException("bad " + n);
                    }
                    return n;
                });
                task.add(job, Events.DONE, Events.ERROR);
                all.add(job);
            }
            CompletableFuture<List<Task.Fired>> done = new CompletableFuture<>();
            CompletableFuture<String> thread = new CompletableFuture<>();
            task.onDone(fired -> {
                thread.complete(Thread.currentThread().getName());
                done.complete(fired);
            });
            task.start();
            all.forEach(job -> job.start(jobs));

            List<Task.Fired> fired = done.get(30, TimeUnit.SECONDS);
            assertThat(fired).hasSize(20);
            assertThat(fired).filteredOn(f -> f.event().equals(Events.ERROR)).hasSize(4);
            assertThat(fired.get(3).args()).containsExactly(3);
            assertThat(thread.get()).isEqualTo("task-reactor");
        }
    }
}
