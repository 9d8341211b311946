package io.untwisted.demo.echo;

import static io.untwisted.event.Events.LOAD;

import java.nio.ByteBuffer;

import io.untwisted.spring.annotation.OnEvent;
import io.untwisted.spring.annotation.SocketServer;

/** The seed's echo server on {@code demo.echo.port} (7001): every byte read is written back. */
@SocketServer(name = "echo", port = "${demo.echo.port:7001}")
public class EchoServer {

    /** Sends back what arrived; the returned buffer is dumped (copied) by the starter. */
    @OnEvent(LOAD)
    public ByteBuffer load(ByteBuffer data) {
        return data;
    }
}
