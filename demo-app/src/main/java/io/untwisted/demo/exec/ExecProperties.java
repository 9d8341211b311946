package io.untwisted.demo.exec;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code demo.exec.*}: what the exec server may run and how much. Its port is
 * {@code demo.exec.port} (7005), read by the {@code @SocketServer} annotation of {@link ExecServer}.
 *
 * @param allowed       the commands a client may name, each a program name or absolute path run
 *                      without arguments and without a shell
 * @param timeout       how long a command may run before it is killed
 * @param maxProcesses  how many commands may run at once, over all connections
 * @param maxQueued     how many commands one connection may have waiting or running
 * @param maxLineLength the longest output line sent as one line, in bytes; longer ones are split
 */
@ConfigurationProperties("demo.exec")
public record ExecProperties(
        @DefaultValue({"date", "uptime"}) List<String> allowed,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("4") int maxProcesses,
        @DefaultValue("8") int maxQueued,
        @DefaultValue("8192") int maxLineLength) {
}
