package io.untwisted.spring.context;

import java.net.InetSocketAddress;

import org.springframework.context.ApplicationEvent;

/**
 * Published once per server when it is bound and accepting, so that an application (or a test on
 * port 0) can learn the bound port. The same port is also in the environment as
 * {@code local.untwisted.servers.<name>.port}.
 */
public class UntwistedServerStartedEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final transient UntwistedServer server;
    private final InetSocketAddress address;

    /** Creates the event for {@code server}, bound to {@code address}. */
    public UntwistedServerStartedEvent(UntwistedServer server, InetSocketAddress address) {
        super(server);
        this.server = server;
        this.address = address;
    }

    /** The server. */
    public UntwistedServer getServer() {
        return this.server;
    }

    /** The server's name. */
    public String getServerName() {
        return this.server.name();
    }

    /** The address it is bound to. */
    public InetSocketAddress getAddress() {
        return this.address;
    }

    /** The port it is bound to. */
    public int getPort() {
        return this.address.getPort();
    }
}
