package io.untwisted.spring.context;

import io.untwisted.net.NetObserver;
import io.untwisted.net.SuperSocket;

/**
 * Tells a connection's idle watch about its traffic: every read and every write counts.
 *
 * <p>Called on the connection's reactor thread; stateless.
 */
final class IdleTouchObserver implements NetObserver {

    static final IdleTouchObserver INSTANCE = new IdleTouchObserver();

    private IdleTouchObserver() {
    }

    @Override
    public void received(SuperSocket socket, int bytes) {
        touch(socket);
    }

    @Override
    public void sent(SuperSocket socket, long bytes) {
        touch(socket);
    }

    private static void touch(SuperSocket socket) {
        ConnectionState state = ConnectionState.of(socket);
        if (state != null) {
            state.touch();
        }
    }
}
