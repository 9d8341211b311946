package io.untwisted.job;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.untwisted.internal.VirtualThreads;
import io.untwisted.reactor.Reactor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

class JobTest {

    private Reactor reactor;

    @BeforeEach
    void start() {
        this.reactor = new Reactor("job-reactor");
        this.reactor.start();
    }

    @AfterEach
    void stop() {
        this.reactor.close();
    }

    @Test
    void runsOffTheReactorAndDrivesDoneOnIt() throws Exception {
        CompletableFuture<String> workThread = new CompletableFuture<>();
        CompletableFuture<String> doneThread = new CompletableFuture<>();
        CompletableFuture<Integer> result = new CompletableFuture<>();
        try (JobExecutor jobs = JobExecutor.create()) {
            Job.start(this.reactor, jobs, () -> {
                workThread.complete(Thread.currentThread().getName());
                return 1000 + 7;
            }, job -> job.onDone(sum -> {
                doneThread.complete(Thread.currentThread().getName());
                result.complete(sum);
            }));

            assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(1007);
        }
        assertThat(doneThread.get()).isEqualTo("job-reactor");
        assertThat(workThread.get()).isNotEqualTo("job-reactor");
    }

    @Test
    void aFailureDrivesErrorWithTheCauseAndFailsTheFuture() throws Exception {
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        try (JobExecutor jobs = JobExecutor.boundedPool(1, 10)) {
            Job<Integer> job = new Job<Integer>(this.reactor, () -> {
                throw new IllegalStateException("boom");
            });
            job.onError(error::complete);
            job.start(jobs);

            assertThat(error.get(30, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class).hasMessage("boom");
            assertThatThrownBy(() -> job.future().get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aFullExecutorRejectsAndTheJobReportsItAsError() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (JobExecutor jobs = JobExecutor.boundedPool(1, 2)) {
            Job<Boolean> blocker = new Job<>(this.reactor, () -> release.await(30, TimeUnit.SECONDS)).start(jobs);
            new Job<>(this.reactor, () -> "queued").start(jobs);
            assertThat(jobs.pending()).isEqualTo(2);

            CompletableFuture<Throwable> error = new CompletableFuture<>();
            Job<String> rejected = new Job<>(this.reactor, () -> "never");
            rejected.onError(error::complete);
            rejected.start(jobs);

            assertThat(error.get(30, TimeUnit.SECONDS)).isInstanceOf(RejectedExecutionException.class)
                    .hasMessageContaining("2 jobs pending");
            release.countDown();
            assertThat(blocker.future().get(30, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> jobs.pending() == 0);
        }
    }

    @Test
    void startsOnce() {
        try (JobExecutor jobs = JobExecutor.boundedPool(1, 1)) {
            Job<String> job = new Job<>(this.reactor, () -> "x").start(jobs);
            assertThatIllegalStateException().isThrownBy(() -> job.start(jobs));
        }
    }

    @Test
    void usesVirtualThreadsExactlyWhenTheJvmHasThem() throws Exception {
        try (JobExecutor jobs = JobExecutor.create()) {
            assertThat(jobs.usesVirtualThreads()).isEqualTo(JobExecutor.virtualThreadsAvailable());
            Job<Boolean> job = new Job<>(this.reactor, () -> VirtualThreads.isVirtual(Thread.currentThread())).start(jobs);
            assertThat(job.future().get(30, TimeUnit.SECONDS)).isEqualTo(JobExecutor.virtualThreadsAvailable());
        }
        assumeThat(JobExecutor.virtualThreadsAvailable()).as("virtual threads on this JVM").isFalse();
        assertThatThrownBy(() -> JobExecutor.virtualThreads(1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void poolThreadsAreGoneAfterClose() {
        JobExecutor jobs = JobExecutor.boundedPool(3, 10);
        for (int i = 0; i < 6; i++) {
            new Job<>(this.reactor, () -> "work").start(jobs);
        }
        jobs.close();

        await().atMost(Duration.ofSeconds(30)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().startsWith("untwisted-job-")));
    }

    @Test
    void checksItsBounds() {
        assertThatIllegalArgumentException().isThrownBy(() -> JobExecutor.boundedPool(0, 1))
                .withMessage("threads must be >= 1: 0");
        assertThatIllegalArgumentException().isThrownBy(() -> JobExecutor.boundedPool(1, 0))
                .withMessage("maxPending must be >= 1: 0");
    }
}
