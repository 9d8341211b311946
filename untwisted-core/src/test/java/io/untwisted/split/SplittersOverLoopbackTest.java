package io.untwisted.split;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.untwisted.event.Events;
import io.untwisted.net.CloseReason;
import io.untwisted.net.SuperServer;
import io.untwisted.reactor.ReactorGroup;
import io.untwisted.testsupport.LineClient;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

class SplittersOverLoopbackTest {

    private ReactorGroup group;

    @BeforeEach
    void start() {
        this.group = new ReactorGroup(2, "split-it");
        this.group.start();
    }

    @AfterEach
    void stop() {
        this.group.close();
    }

    @Test
    void linesWrittenInRandomPiecesComeBackWhole() throws Exception {
        SuperServer server = SuperServer.listen(this.group, new InetSocketAddress("127.0.0.1", 0), srv ->
                srv.onAccept((s, client) -> {
                    Terminator.install(client, "\r\n", 64);
                    client.on(Terminator.FOUND, e -> client.dump("<" + new String(e.<byte[]>arg(0), UTF_8) + ">\n"));
                }));
        SplittableRandom random = new SplittableRandom(7);
        List<String> lines = new ArrayList<>();
        StringBuilder stream = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String line = "line " + i + " " + "x".repeat(random.nextInt(50));
            lines.add("<" + line + ">");
            stream.append(line).append("\r\n");
        }
        byte[] bytes = stream.toString().getBytes(UTF_8);

        try (LineClient client = new LineClient(server.port())) {
            int at = 0;
            while (at < bytes.length) {
                int size = Math.min(bytes.length - at, 1 + random.nextInt(40));
                client.send(Arrays.copyOfRange(bytes, at, at + size));
                at += size;
            }
            List<String> echoed = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                echoed.add(client.readLine());
            }
            assertThat(echoed).isEqualTo(lines);
        }
    }

    @Test
    void aPeerOverTheLimitGetsTheAnswerThenTheConnectionCloses() throws Exception {
        CompletableFuture<Object[]> closed = new CompletableFuture<>();
        SuperServer server = SuperServer.listen(this.group, new InetSocketAddress("127.0.0.1", 0), srv ->
                srv.onAccept((s, client) -> {
                    Terminator.install(client, "\r\n", 16);
                    client.on(Events.OVERFLOW, e -> client.dump("ERR line too long\r\n"));
                    client.on(Events.CLOSE, e -> closed.complete(e.args().clone()));
                }));

        try (LineClient client = new LineClient(server.port())) {
            client.send("x".repeat(100));

            assertThat(client.readLine()).isEqualTo("ERR line too long");
            assertThat(client.atEnd()).isTrue();
        }
        Object[] close = closed.get(30, TimeUnit.SECONDS);
        assertThat(close[0]).isEqualTo(CloseReason.ERROR);
        assertThat(close[1]).isInstanceOf(FrameTooLongException.class);
    }

    @Test
    void lengthPrefixedFramesSurviveTheNetwork() throws Exception {
        SuperServer server = SuperServer.listen(this.group, new InetSocketAddress("127.0.0.1", 0), srv ->
                srv.onAccept((s, client) -> {
                    LengthPrefixed.install(client, 2, 1024);
                    client.on(LengthPrefixed.FOUND, e -> client.dump(e.<byte[]>arg(0).length + "\n"));
                }));
        SplittableRandom random = new SplittableRandom(11);

        try (LineClient client = new LineClient(server.port())) {
            List<String> sizes = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                byte[] payload = new byte[random.nextInt(1024)];
                random.nextBytes(payload);
                sizes.add(Integer.toString(payload.length));
                client.send(LengthPrefixed.encode(2, payload));
            }
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < sizes.size(); i++) {
                answers.add(client.readLine());
            }
            assertThat(answers).isEqualTo(sizes);
        }
    }
}
