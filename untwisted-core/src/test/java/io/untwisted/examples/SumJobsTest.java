package io.untwisted.examples;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.untwisted.job.JobExecutor;
import io.untwisted.reactor.Reactor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SumJobsTest {

    @Test
    void aHundredJobsEachGiveTheirSum() throws Exception {
        try (Reactor reactor = new Reactor("sum"); JobExecutor jobs = JobExecutor.create()) {
            reactor.start();

            List<Integer> sums = SumJobs.run(reactor, jobs, 100, Duration.ZERO).get(60, TimeUnit.SECONDS);

            assertThat(sums).isEqualTo(IntStream.range(1000, 1100).boxed().collect(Collectors.toList()));
        }
    }
}
