package io.untwisted.spring.context;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.untwisted.event.Events;
import io.untwisted.net.SuperSocket;
import io.untwisted.spring.annotation.OnEvent;
import io.untwisted.spring.annotation.SocketServer;
import io.untwisted.spring.metrics.UntwistedMeters;
import io.untwisted.spring.testsupport.Runners;
import io.untwisted.spring.testsupport.SimpleRegistry;
import io.untwisted.spring.testsupport.TestClient;
import io.untwisted.split.Terminator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OffloadedHandlerTests {

    @Test
    void shouldRunOffReactorKeepingEachConnectionsOrder() {
        Runners.untwisted().withUserConfiguration(SimpleRegistry.class).withBean("slow", Slow.class).run(context -> {
            int port = Runners.port(context, "slow");
            int lines = 200;
            try (TestClient first = TestClient.connect(port); TestClient second = TestClient.connect(port)) {
                StringBuilder batch = new StringBuilder();
                for (int i = 0; i < lines; i++) {
                    batch.append(i).append("\r\n");
                }
                first.send(batch.toString());
                second.send(batch.toString());
                for (int i = 0; i < lines; i++) {
                    assertThat(first.readLine()).isEqualTo(String.valueOf(i));
                    assertThat(second.readLine()).isEqualTo(String.valueOf(i));
                }
            }
            Slow slow = context.getBean(Slow.class);
            assertThat(slow.threads).isNotEmpty().noneMatch(name -> name.startsWith("untwisted-0"));
            assertThat(context.getBean(MeterRegistry.class).get(UntwistedMeters.HANDLER.getName())
                    .tag("handler", "slow#line").tag("outcome", "success").timer().count()).isEqualTo(2L * lines);
        });
    }

    @Test
    void shouldReportOffloadedFailuresAndDeliverShutdownGoodbyeInOrder() {
        Runners.untwisted().withBean("slow", Slow.class).run(context -> {
            try (TestClient client = TestClient.connect(Runners.port(context, "slow"))) {
                client.sendLine("fail");
                assertThat(client.readLine()).isEqualTo("error: UnsupportedOperationException");
                assertThat(client.isClosedByServer()).isTrue();
            }
        });
    }

    @SocketServer(name = "slow", delimiter = "\r\n")
    static class Slow {
        final List<String> threads = new CopyOnWriteArrayList<>();

        @OnEvent(value = Terminator.FOUND, offload = true)
        String line(SuperSocket client, String line) {
            this.threads.add(Thread.currentThread().getName());
            if (line.equals("fail")) {
                throw new UnsupportedOperationException("cannot");
            }
            return line + "\r\n";
        }

        @OnEvent(Events.ERROR)
        String error(Exception cause) {
            return "error: " + cause.getClass().getSimpleName() + "\r\n";
        }
    }
}
