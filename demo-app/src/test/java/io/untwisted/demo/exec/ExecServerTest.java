package io.untwisted.demo.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.untwisted.demo.support.DemoAppTest;
import io.untwisted.demo.support.DemoPorts;
import io.untwisted.demo.support.LineClient;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@DemoAppTest
class ExecServerTest {

    @Autowired
    private DemoPorts ports;

    @Test
    void runsAnAllowedCommandAndStreamsItsOutputThenItsExitCode() throws Exception {
        try (LineClient client = LineClient.connect(this.ports.port("exec"))) {
            client.send("date\r\n");
            List<String> lines = untilExit(client);
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).startsWith("out:").hasSizeGreaterThan(10);
            assertThat(lines.get(1)).isEqualTo("exit:0");

            client.send("uptime\n");
            assertThat(untilExit(client)).last().isEqualTo("exit:0");
        }
    }

    @Test
    void answersEveryCommandOfAClientThatHalfClosesThenCloses() throws Exception {
        try (java.net.Socket client = new java.net.Socket("127.0.0.1", this.ports.port("exec"))) {
            client.setSoTimeout(LineClient.TIMEOUT_MILLIS);
            client.getOutputStream().write("date\nuptime\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            client.shutdownOutput();
            String[] lines = new String(client.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .split("\r\n");
            assertThat(lines).filteredOn(line -> line.startsWith("exit:")).containsExactly("exit:0", "exit:0");
            assertThat(lines[lines.length - 1]).isEqualTo("exit:0");
        }
    }

    @Test
    void streamsStderrAndAFailingExitCode() throws Exception {
        try (LineClient client = LineClient.connect(this.ports.port("exec"))) {
            client.send("mkdir\n");
            List<String> lines = untilExit(client);
            assertThat(lines).anyMatch(line -> line.startsWith("err:mkdir: "));
            assertThat(lines).noneMatch(line -> line.startsWith("out:"));
            assertThat(lines).last().isEqualTo("exit:1");
            client.send("false\n");
            assertThat(untilExit(client)).containsExactly("exit:1");
        }
    }

    @Test
    void refusesAnythingNotOnTheListAndNeverUsesAShell() throws Exception {
        try (LineClient client = LineClient.connect(this.ports.port("exec"))) {
            client.send("rm -rf /\n");
            assertThat(client.readLine()).startsWith("error: 'rm -rf /' is not allowed; try one of: date, uptime");
            client.send("date; id\n");
            assertThat(client.readLine()).startsWith("error: 'date; id' is not allowed");
            client.send("$(id)\n");
            assertThat(client.readLine()).startsWith("error: '$(id)' is not allowed");
            client.send("no-such-program-untwisted\n");
            assertThat(client.readLine()).startsWith("error: cannot run 'no-such-program-untwisted': ");
            client.send("date\n");
            assertThat(untilExit(client)).last().isEqualTo("exit:0");
        }
    }

    @Test
    void runsOneConnectionsCommandsInTheOrderSent() throws Exception {
        try (LineClient client = LineClient.connect(this.ports.port("exec"))) {
            client.send("false\nnope\ndate\n");
            assertThat(client.readLine()).isEqualTo("exit:1");
            assertThat(client.readLine()).startsWith("error: 'nope' is not allowed");
            assertThat(untilExit(client)).last().isEqualTo("exit:0");
        }
    }

    private static List<String> untilExit(LineClient client) throws Exception {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = client.readLine();
            lines.add(line);
        }
        while (!line.startsWith("exit:"));
        return lines;
    }
}
