package io.untwisted.demo.time;

import static io.untwisted.event.Events.ACCEPT;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import io.untwisted.net.SuperSocket;
import io.untwisted.spring.annotation.OnEvent;
import io.untwisted.spring.annotation.SocketServer;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The seed's time server on {@code demo.time.port} (7004): sends the current time as an
 * ISO-8601 line to the second ({@code 2025-11-25T16:22:05+01:00\r\n}) to each new connection, then keeps
 * the connection open until the client leaves.
 */
@SocketServer(name = "time", port = "${demo.time.port:7004}")
public class TimeServer {

    private final Clock clock;

    /** Uses the application's {@link Clock} bean if there is one, the system clock otherwise. */
    public TimeServer(ObjectProvider<Clock> clock) {
        this.clock = clock.getIfAvailable(Clock::systemDefaultZone);
    }

    /** Greets a new connection with the time. */
    @OnEvent(ACCEPT)
    public void accept(SuperSocket client) {
        OffsetDateTime now = OffsetDateTime.now(this.clock).truncatedTo(ChronoUnit.SECONDS);
        client.dump(now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + "\r\n");
    }
}
