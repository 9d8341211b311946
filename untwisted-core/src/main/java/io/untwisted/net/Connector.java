package io.untwisted.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import io.untwisted.event.Events;
import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.TimerHandle;

/**
 * The connect side of a {@link SuperSocket} made by {@link SuperSocket#connect}: starts the
 * non-blocking connect, finishes it on {@code OP_CONNECT}, fails it after its timeout, and drives
 * {@code CONNECT} once connected ({@code CONNECT_ERR} is driven by the socket's close).
 *
 * <p>Reactor thread only. Accepted and opened sockets have none.
 */
final class Connector {

    private final SuperSocket socket;
    private final SocketChannel channel;
    private TimerHandle timer;
    private boolean connecting = true;

    Connector(SuperSocket socket, SocketChannel channel) {
        this.socket = socket;
        this.channel = channel;
    }

    /** Opens a socket, runs {@code setup} on it, and starts connecting it on its reactor; see {@link SuperSocket#connect}. */
    static SuperSocket connect(Reactor reactor, SocketAddress address, Duration timeout,
            UnaryOperator<Transport> wrapper, Consumer<? super SuperSocket> setup) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(wrapper, "wrapper");
        SocketChannel channel = SocketChannel.open();
        SuperSocket socket;
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Transport transport = Objects.requireNonNull(wrapper.apply(new TcpTransport(channel)), "wrapped transport");
            socket = new SuperSocket(reactor, transport, null, WriteWatermarks.DEFAULT, NetObserver.NONE, channel);
        }
        catch (IOException | RuntimeException ex) {
            channel.close();
            throw ex;
        }
        if (setup != null) {
            setup.accept(socket);
        }
        SocketAddress target = resolve(address);
        reactor.execute(() -> socket.connector().start(target, timeout));
        return socket;
    }

    private static SocketAddress resolve(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.isUnresolved()) {
            return new InetSocketAddress(inet.getHostString(), inet.getPort());
        }
        return address;
    }

    /** Whether the connect is still under way. */
    boolean isConnecting() {
        return this.connecting;
    }

    /** Ends the connect attempt (the socket closes) and tells whether it was still under way. */
    boolean stop() {
        boolean was = this.connecting;
        endAttempt();
        return was;
    }

    private void endAttempt() {
        this.connecting = false;
        if (this.timer != null) {
            this.timer.cancel();
        }
    }

    /** Registers the socket and connects to {@code address}, failing after {@code timeout}. */
    void start(SocketAddress address, Duration timeout) {
        SuperSocket socket = this.socket;
        if (!socket.isOpen()) {
            return;
        }
        try {
            socket.register();
            if (address instanceof InetSocketAddress inet && inet.isUnresolved()) {
                throw new UnresolvedAddressException();
            }
            if (this.channel.connect(address)) {
                connected();
                return;
            }
        }
        catch (UnresolvedAddressException ex) {
            socket.closeNow(CloseReason.ERROR, new UnknownHostException("cannot resolve " + address));
            return;
        }
        catch (IOException | RuntimeException ex) {
            socket.closeNow(CloseReason.ERROR, ex);
            return;
        }
        socket.updateInterest();
        this.timer = socket.reactor().after(timeout, () -> {
            if (this.connecting && socket.isOpen()) {
                socket.closeNow(CloseReason.ERROR, new SocketTimeoutException(
                        "connect to " + address + " timed out after " + timeout.toMillis() + " ms"));
            }
        });
    }

    /** Completes the connect once the channel reports {@code OP_CONNECT}. */
    void finish() {
        try {
            if (this.channel.finishConnect()) {
                connected();
            }
        }
        catch (IOException ex) {
            this.socket.closeNow(CloseReason.ERROR, ex);
        }
    }

    private void connected() {
        SuperSocket socket = this.socket;
        endAttempt();
        socket.inbound().start();
        socket.observer().opened(socket);
        socket.emit(Events.CONNECT, SuperSocket.NO_ARGS);
        if (!socket.isOpen()) {
            return;
        }
        socket.establish();
        if (!socket.isOpen()) {
            return;
        }
        socket.outbound().connected();
        socket.updateInterest();
    }
}
