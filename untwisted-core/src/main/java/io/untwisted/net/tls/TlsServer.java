package io.untwisted.net.tls;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.function.Consumer;

import io.untwisted.net.SuperServer;
import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.ReactorGroup;

/**
 * TLS servers (the seed's {@code ServerSSL}): a {@link SuperServer} whose accepted connections
 * speak TLS.
 *
 * <p>The server drives {@code ACCEPT(client)} as soon as TCP accepts a connection; register the
 * connection's handlers there, then wait for {@link TlsEvents#SSL_ACCEPT} on the client before
 * talking, or just dump: bytes dumped before the handshake is done are sent once it is.
 *
 * <pre>{@code
 * TlsServer.listen(group, new InetSocketAddress(7443), TlsConfig.of(sslContext), server ->
 *         server.onAccept((srv, client) -> {
 *             TlsEvents.onSslAccept(client, c -> c.dump("hello over TLS\r\n"));
 *             client.onLoad((c, data) -> c.dump(data));
 *         }));
 * }</pre>
 *
 * <p>Every method is safe from any thread.
 */
public final class TlsServer {

    private TlsServer() {
    }

    /**
     * Makes every connection {@code server} accepts from now on speak TLS as {@code config} says.
     *
     * @return {@code server}
     */
    public static SuperServer secure(SuperServer server, TlsConfig config) {
        Objects.requireNonNull(config, "config");
        return server.wrapTransports(config::serverTransport);
    }

    /**
     * Binds a TLS server to {@code address}, lets {@code setup} register handlers, and starts
     * accepting; connections are spread over {@code group}.
     *
     * @throws IOException when the address cannot be bound
     */
    public static SuperServer listen(ReactorGroup group, SocketAddress address, TlsConfig config,
            Consumer<? super SuperServer> setup) throws IOException {
        SuperServer server = secure(SuperServer.bind(group, address), config);
        setup.accept(server);
        return server.start();
    }

    /**
     * Binds a TLS server to {@code address} served by {@code reactor}, lets {@code setup} register
     * handlers, and starts accepting.
     *
     * @throws IOException when the address cannot be bound
     */
    public static SuperServer listen(Reactor reactor, SocketAddress address, TlsConfig config,
            Consumer<? super SuperServer> setup) throws IOException {
        SuperServer server = secure(SuperServer.bind(reactor, address), config);
        setup.accept(server);
        return server.start();
    }
}
