package io.untwisted.net.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

import io.untwisted.net.SuperSocket;
import io.untwisted.reactor.Reactor;

/**
 * TLS clients (the seed's {@code ClientSSL}): a {@link SuperSocket} that connects, drives
 * {@code CONNECT} (or {@code CONNECT_ERR}), then handshakes and drives
 * {@link TlsEvents#SSL_CONNECT} or {@link TlsEvents#SSL_CONNECT_ERR}.
 *
 * <p>The host name given is what the server's certificate is checked against (unless the
 * configuration turned endpoint identification off) and what is sent as SNI (unless it is an IP
 * address, which is checked against the certificate's IP addresses instead).
 *
 * <pre>{@code
 * TlsClient.connect(reactor, "example.org", 443, TlsConfig.of(SSLContext.getDefault()), client -> {
 *     TlsEvents.onSslConnect(client, c -> c.dump("hello\r\n"));
 *     TlsEvents.onSslConnectErr(client, (c, cause) -> log.warn("TLS failed", cause));
 *     client.onLoad((c, data) -> ...);
 * });
 * }</pre>
 *
 * <p>Every method is safe from any thread; {@code setup} runs on the calling thread.
 */
public final class TlsClient {

    private TlsClient() {
    }

    /**
     * Connects to {@code host:port} over TLS, waiting at most
     * {@link SuperSocket#DEFAULT_CONNECT_TIMEOUT} for TCP; {@code host} is resolved on the calling
     * thread.
     *
     * @throws IOException when no socket can be opened at all
     */
    public static SuperSocket connect(Reactor reactor, String host, int port, TlsConfig config,
            Consumer<? super SuperSocket> setup) throws IOException {
        return connect(reactor, InetSocketAddress.createUnresolved(host, port), config,
                SuperSocket.DEFAULT_CONNECT_TIMEOUT, setup);
    }

    /**
     * Connects to {@code address} over TLS; the server is identified by
     * {@code address.getHostString()} (the name it was made with, or the IP address).
     * {@code connectTimeout} bounds TCP's connect; the configuration's handshake timeout bounds
     * the handshake that follows.
     *
     * @throws IOException when no socket can be opened at all
     */
    public static SuperSocket connect(Reactor reactor, InetSocketAddress address, TlsConfig config,
            Duration connectTimeout, Consumer<? super SuperSocket> setup) throws IOException {
        Objects.requireNonNull(config, "config");
        String host = address.getHostString();
        int port = address.getPort();
        return SuperSocket.connect(reactor, address, connectTimeout,
                tcp -> config.clientTransport(tcp, host, port), setup);
    }
}
