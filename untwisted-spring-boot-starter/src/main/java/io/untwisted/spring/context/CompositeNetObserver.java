package io.untwisted.spring.context;

import java.util.List;

import io.untwisted.net.CloseReason;
import io.untwisted.net.NetObserver;
import io.untwisted.net.SuperChannel;
import io.untwisted.net.SuperServer;
import io.untwisted.net.SuperSocket;
import io.untwisted.net.tls.TlsFailureReason;

import org.jspecify.annotations.Nullable;

/**
 * Forwards every observation to several observers, in order.
 *
 * <p>Called on reactor threads, like the observers it holds; holds no state of its own.
 */
final class CompositeNetObserver implements NetObserver {

    private final NetObserver[] observers;

    private CompositeNetObserver(NetObserver[] observers) {
        this.observers = observers;
    }

    /** One observer for all of {@code observers}, skipping no-op ones. */
    static NetObserver of(List<NetObserver> observers) {
        NetObserver[] active = observers.stream().filter(o -> o != NetObserver.NONE).toArray(NetObserver[]::new);
        if (active.length == 0) {
            return NetObserver.NONE;
        }
        return active.length == 1 ? active[0] : new CompositeNetObserver(active);
    }

    @Override
    public void opened(SuperSocket socket) {
        for (NetObserver observer : this.observers) {
            observer.opened(socket);
        }
    }

    @Override
    public void closed(SuperSocket socket, CloseReason reason) {
        for (NetObserver observer : this.observers) {
            observer.closed(socket, reason);
        }
    }

    @Override
    public void closed(SuperSocket socket, CloseReason reason, @Nullable Throwable cause) {
        for (NetObserver observer : this.observers) {
            observer.closed(socket, reason, cause);
        }
    }

    @Override
    public void received(SuperSocket socket, int bytes) {
        for (NetObserver observer : this.observers) {
            observer.received(socket, bytes);
        }
    }

    @Override
    public void sent(SuperSocket socket, long bytes) {
        for (NetObserver observer : this.observers) {
            observer.sent(socket, bytes);
        }
    }

    @Override
    public void writePaused(SuperSocket socket) {
        for (NetObserver observer : this.observers) {
            observer.writePaused(socket);
        }
    }

    @Override
    public void refused(SuperServer server) {
        for (NetObserver observer : this.observers) {
            observer.refused(server);
        }
    }

    @Override
    public void driven(SuperChannel channel, Object event, Object[] args) {
        for (NetObserver observer : this.observers) {
            observer.driven(channel, event, args);
        }
    }

    @Override
    public void tlsHandshakeFailed(SuperSocket socket, TlsFailureReason reason) {
        for (NetObserver observer : this.observers) {
            observer.tlsHandshakeFailed(socket, reason);
        }
    }
}
