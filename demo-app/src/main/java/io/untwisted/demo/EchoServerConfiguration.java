package io.untwisted.demo;

import java.io.IOException;
import java.net.InetSocketAddress;

import io.untwisted.net.SuperServer;
import io.untwisted.reactor.ReactorGroup;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The seed's echo server on {@code demo.echo.port} (7001), wired by hand until the starter binds it. */
@Configuration(proxyBeanMethods = false)
class EchoServerConfiguration {

    @Bean(destroyMethod = "close")
    ReactorGroup demoReactors() {
        ReactorGroup group = new ReactorGroup();
        group.start();
        return group;
    }

    @Bean(destroyMethod = "close")
    SuperServer echoServer(ReactorGroup demoReactors, @Value("${demo.echo.port:7001}") int port) throws IOException {
        return SuperServer.listen(demoReactors, new InetSocketAddress(port),
                server -> server.onAccept((srv, client) -> client.onLoad((socket, data) -> socket.dump(data))));
    }
}
