package io.untwisted.demo.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.untwisted.demo.support.LineClient;
import io.untwisted.event.Events;
import io.untwisted.net.SuperServer;
import io.untwisted.reactor.ReactorGroup;
import io.untwisted.split.Terminator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The exit line never overtakes output lines, even when the command has already finished by
 * the time the server, on the reactor thread, asks for its exit code. Wired with core alone.
 */
class ExecOutputOrderTest {

    private final ReactorGroup group = new ReactorGroup(1);

    @AfterEach
    void stop() {
        this.group.close();
    }

    @Test
    void theExitCodeComesAfterOutputSentFromAnotherThread() throws Exception {
        CommandRunner finishedAlready = (reactor, command, timeout, out, err) -> {
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                out.line("first");
                err.line("second");
            });
            reader.join();
            return CompletableFuture.completedFuture(0);
        };
        ExecServer exec = new ExecServer(new ExecAllowlist(List.of("date")), finishedAlready,
                new ExecProperties(List.of("date"), Duration.ofSeconds(10), 4, 8, 8192));
        this.group.start();
        SuperServer server = SuperServer.listen(this.group, new InetSocketAddress("127.0.0.1", 0),
                listening -> listening.onAccept((srv, client) -> {
                    Terminator.install(client, "\n", 1024);
                    client.on(Terminator.FOUND, e -> exec.line(client, new String((byte[]) e.arg(0))));
                    client.on(Events.CLOSE, e -> exec.close(client));
                }));
        try (LineClient client = LineClient.connect(server.port())) {
            for (int i = 0; i < 50; i++) {
                client.send("date\n");
                assertThat(List.of(client.readLine(), client.readLine(), client.readLine()))
                        .containsExactly("out:first", "err:second", "exit:0");
            }
        }
        server.close();
    }
}
