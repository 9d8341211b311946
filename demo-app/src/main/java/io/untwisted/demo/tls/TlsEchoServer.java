package io.untwisted.demo.tls;

import static io.untwisted.event.Events.LOAD;
import static io.untwisted.net.tls.TlsEvents.SSL_ACCEPT_ERR;

import java.nio.ByteBuffer;

import io.untwisted.net.SuperSocket;
import io.untwisted.spring.annotation.OnEvent;
import io.untwisted.spring.annotation.SocketServer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The echo server over TLS on {@code demo.tls-echo.port} (7443): every byte read is written back,
 * encrypted. Its certificate is the SSL bundle named by
 * {@code untwisted.servers.tls-echo.ssl.bundle} ({@code demo-tls}); see {@link DemoTlsConfiguration}.
 * Try it with {@code openssl s_client -connect localhost:7443}.
 */
@SocketServer(name = "tls-echo", port = "${demo.tls-echo.port:7443}")
public class TlsEchoServer {

    private static final Logger log = LoggerFactory.getLogger(TlsEchoServer.class);

    /** Sends back what arrived, after the handshake; the returned buffer is dumped (copied) by the starter. */
    @OnEvent(LOAD)
    public ByteBuffer load(ByteBuffer data) {
        return data;
    }

    /** A client that is not speaking TLS, or that gives up; the connection is closed after this. */
    @OnEvent(SSL_ACCEPT_ERR)
    public void handshakeFailed(SuperSocket client, Throwable cause) {
        log.debug("TLS handshake with {} failed: {}", client.remoteAddress(), cause.toString());
    }
}
