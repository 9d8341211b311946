package io.untwisted.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.untwisted.event.Events;
import io.untwisted.job.Job;
import io.untwisted.job.JobExecutor;
import io.untwisted.job.Task;
import io.untwisted.reactor.Reactor;

/**
 * The seed's sum demo: a hundred blocking computations run as {@link Job}s off the reactor, each
 * result handled on the reactor thread as it comes, and a {@link Task} that is done when all are.
 * Run: {@code SumJobs}.
 */
public final class SumJobs {

    private SumJobs() {
    }

    /**
     * Starts {@code count} jobs computing {@code i + 1000} after {@code work} of blocking work;
     * completes with the results in job order, or fails with the first job's failure.
     */
    public static CompletableFuture<List<Integer>> run(Reactor reactor, JobExecutor jobs, int count, Duration work) {
        CompletableFuture<List<Integer>> results = new CompletableFuture<>();
        reactor.execute(() -> {
            Task task = new Task();
            List<Job<Integer>> started = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                Job<Integer> job = new Job<>(reactor, () -> sum(n, 1000, work));
                task.add(job, Events.DONE, Events.ERROR);
                started.add(job);
            }
            task.onDone(fired -> {
                List<Integer> sums = new ArrayList<>();
                for (Task.Fired outcome : fired) {
                    if (outcome.event().equals(Events.ERROR)) {
                        results.completeExceptionally((Throwable) outcome.args().get(0));
                        return;
                    }
                    sums.add((Integer) outcome.args().get(0));
                }
                results.complete(sums);
            });
            task.start();
            started.forEach(job -> job.start(jobs));
        });
        return results;
    }

    /** The blocking work of one job: the seed slept to stand for it. */
    static int sum(int x, int y, Duration work) throws InterruptedException {
        if (!work.isZero()) {
            Thread.sleep(work.toMillis());
        }
        return x + y;
    }

    public static void main(String[] args) {
        try (Reactor reactor = new Reactor("sum"); JobExecutor jobs = JobExecutor.create()) {
            reactor.start();
            List<Integer> sums = run(reactor, jobs, 100, Duration.ofSeconds(1)).join();
            sums.forEach(System.out::println);
            System.out.println("100 jobs on " + jobs + ", total " + sums.stream().mapToInt(Integer::intValue).sum());
        }
    }
}
