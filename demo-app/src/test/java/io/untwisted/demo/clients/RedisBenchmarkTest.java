package io.untwisted.demo.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import io.untwisted.demo.support.DemoAppTest;
import io.untwisted.demo.support.DemoPorts;
import io.untwisted.demo.support.ExternalClient;
import io.untwisted.demo.support.ExternalClient.Result;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A short run of the real {@code redis-benchmark} completes without errors. Speed is not asserted. */
@DemoAppTest
class RedisBenchmarkTest {

    @Autowired
    private DemoPorts ports;

    @Test
    void aShortBenchmarkCompletesWithoutErrors() throws Exception {
        ExternalClient.require("redis-benchmark");
        Result run = ExternalClient.run(List.of("redis-benchmark", "-h", "127.0.0.1",
                "-p", Integer.toString(this.ports.port("redis")),
                "-n", "20000", "-q", "-t", "ping,set,get,incr,lpush,lpop"), null, Duration.ofSeconds(240));
        String output = run.stdout() + run.stderr();
        assertThat(run.exitCode()).as(output).isZero();
        for (String test : List.of("PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "LPUSH", "LPOP")) {
            assertThat(Pattern.compile("(^|[\\r\\n])\\s*" + test + ": [0-9.]+ requests per second").matcher(run.stdout()).find())
                    .as("a result line for " + test + " in:\n" + output).isTrue();
        }
        assertThat(output).doesNotContainIgnoringCase("error:").doesNotContain("ERR ");
    }
}
