package io.untwisted.demo.exec;

import static io.untwisted.event.Events.ACCEPT;
import static io.untwisted.event.Events.CLOSE;
import static io.untwisted.event.Events.INPUT_CLOSED;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;

import io.untwisted.demo.Lines;
import io.untwisted.net.SuperSocket;
import io.untwisted.split.Terminator;
import io.untwisted.spring.annotation.OnEvent;
import io.untwisted.spring.annotation.SocketServer;

/**
 * The seed's spawn-process demo, made safe, on {@code demo.exec.port} (7005): a line naming a
 * command of the allowlist ({@code demo.exec.allowed}, by default {@code date} and
 * {@code uptime}) runs it as a child process, without a shell and without arguments; its stdout
 * and stderr lines come back as {@code out:<line>} and {@code err:<line>}, then
 * {@code exit:<code>}. Any other line answers {@code error: ...}.
 *
 * <p>One connection's commands run one after another, in the order sent, at most
 * {@code demo.exec.max-queued} waiting; at most {@code demo.exec.max-processes} run at once over
 * all connections. A connection that leaves kills its running child; one that only half-closes
 * ({@code printf 'date\n' | nc -N localhost 7005}) gets the output of every command it sent, then
 * the close.
 */
@SocketServer(name = "exec", port = "${demo.exec.port:7005}", delimiter = Lines.DELIMITER, maxFrameLength = 1024)
public class ExecServer {

    private static final String SESSION = "exec.session";

    private final ExecAllowlist allowlist;
    private final CommandRunner runner;
    private final ExecProperties properties;
    private final Semaphore slots;

    /** Creates the handlers. */
    public ExecServer(ExecAllowlist allowlist, CommandRunner runner, ExecProperties properties) {
        this.allowlist = allowlist;
        this.runner = runner;
        this.properties = properties;
        this.slots = new Semaphore(properties.maxProcesses());
    }

    /** Lets a client that half-closes still receive the output of the commands it sent. */
    @OnEvent(ACCEPT)
    public void accept(SuperSocket client) {
        client.allowHalfClosure(true);
    }

    /** Closes the connection once every command the client sent has answered. */
    @OnEvent(INPUT_CLOSED)
    public void inputClosed(SuperSocket client) {
        session(client).tail.whenComplete((done, failure) -> {
            try {
                client.reactor().submit(client::close);
            }
            catch (RejectedExecutionException ex) {
                // The reactor has stopped: the connection is already closed.
            }
        });
    }

    /** Queues an allowed command, or answers an error line. */
    @OnEvent(Terminator.FOUND)
    public void line(SuperSocket client, String frame) {
        String line = Lines.chomp(frame).strip();
        if (line.isEmpty()) {
            return;
        }
        Session session = session(client);
        if (session.queued >= this.properties.maxQueued()) {
            send(client, "error: too many commands queued");
            return;
        }
        Optional<List<String>> command = this.allowlist.command(line);
        session.queued++;
        session.tail = session.tail.thenCompose(previous -> command
                .map(argv -> run(client, argv))
                .orElseGet(() -> {
                    send(client, "error: '" + printable(line) + "' is not allowed; try one of: "
                            + this.allowlist.describe());
                    return CompletableFuture.completedFuture(null);
                }))
                .whenComplete((done, failure) -> client.reactor().execute(() -> session.queued--));
    }

    /** Kills the connection's running child, and drops its queued commands. */
    @OnEvent(CLOSE)
    public void close(SuperSocket client) {
        Session session = client.attr(SESSION);
        if (session != null) {
            session.closed = true;
            CompletableFuture<Integer> running = session.running;
            if (running != null) {
                running.cancel(true);
            }
        }
    }

    private CompletableFuture<Void> run(SuperSocket client, List<String> argv) {
        Session session = client.attr(SESSION);
        if (session.closed || !client.isOpen()) {
            return CompletableFuture.completedFuture(null);
        }
        if (!this.slots.tryAcquire()) {
            send(client, "error: too many commands running, try again later");
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Integer> exit = this.runner.run(client.reactor(), argv, this.properties.timeout(),
                out -> send(client, "out:" + out), err -> send(client, "err:" + err));
        session.running = exit;
        if (session.closed) {
            exit.cancel(true);
        }
        return exit.handle((code, failure) -> {
            this.slots.release();
            session.running = null;
            if (failure == null) {
                send(client, "exit:" + code);
            }
            else {
                send(client, "error: " + describe(argv.get(0), ChildProcessRunner.unwrap(failure)));
            }
            return null;
        });
    }

    /**
     * Sends one line through the reactor's task queue, even from the reactor thread: output lines
     * come from reader threads through that queue, so a line sent from a callback that happens to
     * run on the reactor thread (a future already complete) must not overtake them.
     */
    private static void send(SuperSocket client, String line) {
        try {
            client.reactor().submit(() -> client.dump(line + "\r\n"));
        }
        catch (RejectedExecutionException ex) {
            // The reactor has stopped: the connection is gone, and so is the line.
        }
    }

    private String describe(String command, Throwable cause) {
        if (cause instanceof TimeoutException) {
            return "'" + command + "' ran longer than " + this.properties.timeout().toMillis() + " ms and was killed";
        }
        return "cannot run '" + command + "': " + cause.getMessage();
    }

    private static Session session(SuperSocket client) {
        Session session = client.attr(SESSION);
        if (session == null) {
            session = new Session();
            client.attr(SESSION, session);
        }
        return session;
    }

    private static String printable(String line) {
        String shown = line.length() > 64 ? line.substring(0, 64) + "..." : line;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    /** One connection's command queue; its fields are touched on the reactor thread and by the chain. */
    private static final class Session {
        CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
        int queued;
        volatile boolean closed;
        volatile CompletableFuture<Integer> running;
    }
}
