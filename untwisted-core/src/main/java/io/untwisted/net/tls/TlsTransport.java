package io.untwisted.net.tls;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.Objects;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;

import io.untwisted.net.CloseReason;
import io.untwisted.net.SuperSocket;
import io.untwisted.net.Transport;
import io.untwisted.reactor.TimerHandle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TLS session over another {@link Transport} (the seed's {@code SuperSocketSSL}): the socket
 * above it reads and writes plaintext, exactly as over TCP, once the handshake is done.
 *
 * <p>What it adds to the socket's events: {@link TlsEvents#SSL_ACCEPT} or
 * {@link TlsEvents#SSL_CONNECT} when the handshake succeeds, {@link TlsEvents#SSL_ACCEPT_ERR} or
 * {@link TlsEvents#SSL_CONNECT_ERR} when it fails, times out or the connection closes first (then
 * {@code CLOSE}). Bytes dumped before the handshake is done wait in the socket's queue and count
 * against its watermarks.
 *
 * <p>Behaviour worth knowing:
 * <ul>
 * <li>The handshake must finish within the configured timeout (10 s by default), or the
 * connection is reset with a {@link TlsHandshakeTimeoutException}.</li>
 * <li>A failed server-side handshake is classified ({@link TlsFailureReason}), reported once to
 * the server's {@link io.untwisted.net.NetObserver#tlsHandshakeFailed}, and logged in one line
 * at most, throttled per reason, quoting at most the first 64 bytes the peer sent.</li>
 * <li>Closing sends {@code close_notify} before the TCP FIN (not on {@code abort()} or a failure,
 * which send the engine's alert, if any, then close). A peer's {@code close_notify} is the end of
 * the stream: {@code CLOSE(PEER, null)}. A peer that closes TCP without it gives
 * {@code CLOSE(PEER, TlsTruncationException)}.</li>
 * <li>A server refuses TLS 1.2 renegotiation started by the client: the connection closes with
 * an {@link SSLHandshakeException} (TLS 1.3 has no renegotiation). This is per engine and needs
 * no system property; setting {@code -Djdk.tls.rejectClientInitiatedRenegotiation=true} makes the
 * JDK refuse it too, with a {@code handshake_failure} alert.</li>
 * <li>{@code dumpFile} cannot be zero copy: the file is read through a 16 KiB buffer and
 * encrypted.</li>
 * <li>The engine's delegated tasks run inline on the reactor thread.</li>
 * </ul>
 *
 * <p>Limits: besides the socket's own bounds, a connection holds at most one TLS record of
 * ciphertext each way and one record of plaintext ({@code SSLSession} packet and application
 * buffer sizes, about 16 KiB each), plus a 16 KiB file buffer while sending a file; the JDK caps a
 * handshake message at 32 KiB ({@code jdk.tls.maxHandshakeMessageSize}).
 *
 * <p>Threading: the {@link Transport} methods are called on the socket's reactor thread only;
 * {@link #session()} and {@link #isClientMode()} are safe from any thread.
 */
public final class TlsTransport implements Transport {

    private static final Logger log = LoggerFactory.getLogger(TlsTransport.class);

    private final Transport inner;
    private final PeerBytes peer;
    private final TlsEngineDriver driver;
    private final HandshakeFailureLog failureLog;
    private final Duration handshakeTimeout;
    private final boolean client;
    private SuperSocket socket;
    private SocketAddress remote;
    private TimerHandle handshakeTimer;
    private boolean handshakeReported;
    private boolean failureReported;
    private boolean closed;

    TlsTransport(Transport inner, SSLEngine engine, Duration handshakeTimeout, HandshakeFailureLog failureLog) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.peer = new PeerBytes(inner);
        this.driver = new TlsEngineDriver(engine, this.peer);
        this.failureLog = Objects.requireNonNull(failureLog, "failureLog");
        this.handshakeTimeout = Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        this.client = engine.getUseClientMode();
    }

    /** The TLS transport of {@code socket}, or null when it does not speak TLS. */
    public static TlsTransport of(SuperSocket socket) {
        return socket.transport() instanceof TlsTransport tls ? tls : null;
    }

    /**
     * The TLS session: after {@code SSL_ACCEPT}/{@code SSL_CONNECT}, the negotiated protocol,
     * cipher suite and the peer's certificates ({@link SSLSession#getPeerPrincipal()} on a server
     * that asked for client certificates).
     */
    public SSLSession session() {
        return this.driver.engine().getSession();
    }

    /** The engine, for tests and diagnostics in this package. */
    SSLEngine engine() {
        return this.driver.engine();
    }

    /** Whether this is the client side of the session. */
    public boolean isClientMode() {
        return this.client;
    }

    /** Whether the first handshake succeeded. Reactor thread only. */
    public boolean isHandshakeDone() {
        return this.driver.isHandshakeDone();
    }

    // ---- Transport ----------------------------------------------------------------------------

    @Override
    public void established(SuperSocket socket) throws IOException {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.remote = this.inner.remoteAddress();
        this.handshakeTimer = socket.reactor().after(this.handshakeTimeout, this::handshakeTimedOut);
        this.driver.begin();
    }

    @Override
    public int read(ByteBuffer destination) throws IOException {
        int count = this.driver.read(destination);
        return reportHandshake() ? count : 0;
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
        return this.driver.write(sources, offset, length);
    }

    @Override
    public long transferFrom(FileChannel file, long position, long count) throws IOException {
        return this.driver.transferFrom(file, position, count);
    }

    @Override
    public void shutdownOutput() throws IOException {
        this.driver.shutdownOutput();
    }

    @Override
    public void close(boolean reset) throws IOException {
        this.closed = true;
        cancelTimer();
        this.driver.close(reset);
    }

    @Override
    public SocketAddress remoteAddress() {
        return this.inner.remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return this.inner.localAddress();
    }

    @Override
    public SelectableChannel selectable() {
        return this.inner.selectable();
    }

    @Override
    public boolean isHandshaking() {
        return this.driver.isHandshaking();
    }

    @Override
    public void advanceHandshake() throws IOException {
        this.driver.advanceHandshake();
        reportHandshake();
    }

    @Override
    public boolean hasPendingOutput() {
        return this.driver.hasPendingOutput();
    }

    @Override
    public boolean flush() throws IOException {
        boolean flushed = this.driver.flush();
        reportHandshake();
        return flushed && !this.driver.hasPendingOutput();
    }

    @Override
    public boolean hasBufferedInput() {
        return this.driver.hasBufferedInput();
    }

    @Override
    public Throwable endOfStreamCause() {
        return this.driver.truncation();
    }

    @Override
    public void closed(SuperSocket socket, CloseReason reason, Throwable cause) {
        cancelTimer();
        if (this.handshakeReported || this.failureReported) {
            return;
        }
        this.failureReported = true;
        Throwable failure = cause != null ? cause : new SSLHandshakeException(
                "the connection closed (" + reason.tagValue() + ") before the TLS handshake completed");
        SocketAddress peerAddress = this.remote != null ? this.remote : this.inner.remoteAddress();
        TlsFailureReason failureReason = TlsFailureReason.classify(cause, this.peer);
        this.failureLog.report(socket, peerAddress, failure, failureReason, this.peer);
        socket.drive(this.client ? TlsEvents.SSL_CONNECT_ERR : TlsEvents.SSL_ACCEPT_ERR, failure);
    }

    // ---- handshake ----------------------------------------------------------------------------

    /**
     * Drives {@code SSL_ACCEPT}/{@code SSL_CONNECT} once the first handshake has finished; called
     * after each operation, when the driver's buffers are consistent again.
     *
     * @return false when a handler closed the socket
     */
    private boolean reportHandshake() throws IOException {
        if (!this.driver.takeFinished()) {
            return !this.closed;
        }
        cancelTimer();
        this.handshakeReported = true;
        if (log.isDebugEnabled()) {
            SSLSession session = session();
            log.debug("{}: TLS handshake done: {} {}", this.socket, session.getProtocol(), session.getCipherSuite());
        }
        this.socket.drive(this.client ? TlsEvents.SSL_CONNECT : TlsEvents.SSL_ACCEPT);
        if (this.closed) {
            return false;
        }
        this.driver.afterHandshake();
        return true;
    }

    private void handshakeTimedOut() {
        this.handshakeTimer = null;
        if (!this.closed && !this.handshakeReported) {
            this.socket.close(CloseReason.ERROR, new TlsHandshakeTimeoutException(this.handshakeTimeout));
        }
    }

    private void cancelTimer() {
        if (this.handshakeTimer != null) {
            this.handshakeTimer.cancel();
            this.handshakeTimer = null;
        }
    }

    @Override
    public String toString() {
        return "TlsTransport[" + (this.client ? "client " : "server ") + this.inner + "]";
    }
}
