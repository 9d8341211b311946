package io.untwisted.spring.binding;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.untwisted.event.Event;
import io.untwisted.event.Events;
import io.untwisted.net.CloseReason;
import io.untwisted.net.SuperServer;
import io.untwisted.net.SuperSocket;
import io.untwisted.spring.annotation.OnEvent;
import io.untwisted.spring.annotation.SocketServer;
import io.untwisted.spring.testsupport.Runners;
import io.untwisted.spring.testsupport.TestClient;
import io.untwisted.split.Terminator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Parameters bound by type, return values dumped back, over real sockets. */
class ParameterBindingTests {

    private final ApplicationContextRunner runner = Runners.untwisted()
            .withBean("acceptor", Acceptor.class)
            .withBean("frames", Frames.class)
            .withBean("loads", Loads.class)
            .withBean("calc", Calc.class);

    @Test
    void shouldBindAcceptedClientAndServerOnAccept() {
        this.runner.run(context -> {
            int port = Runners.port(context, "acceptor");
            try (TestClient client = TestClient.connect(port)) {
                assertThat(client.readLine()).isEqualTo("welcome to " + port);
            }
        });
    }

    @Test
    void shouldConvertFramesToTheParameterTypes() {
        this.runner.run(context -> {
            try (TestClient client = TestClient.connect(Runners.port(context, "frames"))) {
                client.sendLine("héllo");
                assertThat(client.readLine()).isEqualTo("text:héllo bytes:6 buffer:6 event:terminator.found");
            }
        });
    }

    @Test
    void shouldEchoLoadWithoutFraming() {
        this.runner.run(context -> {
            try (TestClient client = TestClient.connect(Runners.port(context, "loads"))) {
                client.send("abc\r\n");
                assertThat(client.readLine()).isEqualTo("abc");
            }
        });
    }

    @Test
    void shouldBindCloseReason() {
        this.runner.run(context -> {
            try (TestClient client = TestClient.connect(Runners.port(context, "loads"))) {
                client.send("x\r\n");
                assertThat(client.readLine()).isEqualTo("x");
            }
            Loads loads = context.getBean(Loads.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(loads.closes).containsExactly("PEER:null"));
        });
    }

    @Test
    void shouldBindCustomEventArgumentsInOrder() {
        this.runner.run(context -> {
            try (TestClient client = TestClient.connect(Runners.port(context, "calc"))) {
                client.sendLine("add 2 40");
                assertThat(client.readLine()).isEqualTo("42");
                client.sendLine("shout quiet");
                assertThat(client.readLine()).isEqualTo("QUIET");
                client.sendLine("broken");
                assertThat(client.readLine()).startsWith("error: IllegalArgumentException: event 'add' was driven with 1 "
                        + "argument(s), but the handler needs argument 1 (int)");
            }
        });
    }

    @SocketServer(name = "acceptor")
    static class Acceptor {
        @OnEvent(Events.ACCEPT)
        String accept(SuperSocket client, SuperServer server) {
            assertThat(client.server()).isSameAs(server);
            return "welcome to " + server.port() + "\r\n";
        }
    }

    @SocketServer(name = "frames", delimiter = "\r\n")
    static class Frames {
        @OnEvent(Terminator.FOUND)
        String all(String text, SuperSocket client, Event event) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            return "text:" + text + " bytes:" + bytes.length + " buffer:" + ByteBuffer.wrap(bytes).remaining()
                    + " event:" + event.key() + "\r\n";
        }

        @OnEvent(Terminator.FOUND)
        void asBytes(byte[] frame, SuperServer server) {
            assertThat(frame).isNotEmpty();
            assertThat(server).isNotNull();
        }

        @OnEvent(Terminator.FOUND)
        void asBuffer(ByteBuffer frame) {
            assertThat(frame.remaining()).isPositive();
        }
    }

    @SocketServer(name = "loads")
    static class Loads {
        final List<String> closes = new CopyOnWriteArrayList<>();

        @OnEvent(Events.LOAD)
        String echo(String data) {
            return data;
        }

        @OnEvent(Events.CLOSE)
        void close(CloseReason reason, Throwable cause) {
            this.closes.add(reason + ":" + cause);
        }
    }

    @SocketServer(name = "calc", delimiter = "\r\n", onError = io.untwisted.spring.annotation.ErrorPolicy.KEEP)
    static class Calc {
        @OnEvent(Terminator.FOUND)
        void line(SuperSocket client, String line) {
            String[] words = line.split(" ");
            switch (words[0]) {
                case "add" -> client.drive("add", Integer.valueOf(words[1]), Integer.valueOf(words[2]));
                case "shout" -> client.drive("shout", words[1].getBytes(StandardCharsets.UTF_8));
                default -> client.drive("add", 1);
            }
        }

        @OnEvent("add")
        String add(SuperSocket client, int a, int b) {
            return (a + b) + "\r\n";
        }

        @OnEvent("shout")
        byte[] shout(String text) {
            return (text.toUpperCase(java.util.Locale.ROOT) + "\r\n").getBytes(StandardCharsets.UTF_8);
        }

        @OnEvent(Events.ERROR)
        String error(Throwable cause) {
            return "error: " + cause.getClass().getSimpleName() + ": " + cause.getMessage() + "\r\n";
        }
    }
}
