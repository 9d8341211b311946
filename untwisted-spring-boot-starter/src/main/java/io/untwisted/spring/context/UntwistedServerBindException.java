package io.untwisted.spring.context;

import java.io.IOException;

/**
 * A server's address cannot be bound at startup, most often because its port is already in use.
 * The message names the server, the host and the port.
 */
public class UntwistedServerBindException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String serverName;
    private final String host;
    private final int port;

    /** Creates the exception for {@code settings}, with the failure of the bind. */
    public UntwistedServerBindException(ServerSettings settings, IOException cause) {
        super("untwisted server '" + settings.name() + "' cannot listen on port " + settings.port()
                + (settings.host().isEmpty() ? "" : " of " + settings.host()) + ": " + rootMessage(cause), cause);
        this.serverName = settings.name();
        this.host = settings.host();
        this.port = settings.port();
    }

    /** The name of the server. */
    public String getServerName() {
        return this.serverName;
    }

    /** The host it was to listen on; empty for every interface. */
    public String getHost() {
        return this.host;
    }

    /** The port it was to listen on. */
    public int getPort() {
        return this.port;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
