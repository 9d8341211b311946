package io.untwisted.net.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import io.untwisted.net.Transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one {@link SSLEngine} over a non-blocking {@link Transport}: feeds it the bytes read,
 * writes the records it makes, runs its delegated tasks, and never blocks. It knows nothing of
 * events; {@link TlsTransport} turns its state into events.
 *
 * <p>Confined to the reactor thread of its socket. It reads here and writes through a
 * {@link TlsRecordWriter}. Buffers, each allocated once:
 * <ul>
 * <li>{@code netIn} holds one TLS record ({@code SSLSession.getPacketBufferSize()}, about
 * 16 KiB);</li>
 * <li>{@code appIn} holds one record's plaintext ({@code getApplicationBufferSize()}). It is
 * only used when a caller's buffer is smaller than that.</li>
 * </ul>
 * A record larger than the session allows fails the connection instead of growing a buffer.
 *
 * <p>Delegated tasks (certificate checks, key agreement) run inline on the reactor thread: a
 * handshake costs the reactor a few milliseconds of CPU, never a blocking wait.
 */
final class TlsEngineDriver {

    private static final Logger log = LoggerFactory.getLogger(TlsEngineDriver.class);

    /** Engine steps one call may take without consuming or producing a byte before the engine is deemed stuck. */
    static final int MAX_IDLE_STEPS = 64;

    private static final int RECORD_HEADER_LENGTH = 5;

    private final SSLEngine engine;
    private final Transport inner;
    private final TlsRecordWriter writer;
    private final ByteBuffer empty = ByteBuffer.allocate(0);
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private boolean started;
    private boolean handshakeDone;
    private boolean finishedUnreported;
    private boolean refuseRenegotiation;
    private boolean stalledOnOutput;
    private boolean eof;
    private boolean eofReported;
    private boolean inboundDone;
    private boolean shutdownAfterHandshake;
    private boolean innerShutdownPending;
    private boolean closed;
    private TlsTruncationException truncation;

    TlsEngineDriver(SSLEngine engine, Transport inner) {
        this.engine = engine;
        this.inner = inner;
        this.writer = new TlsRecordWriter(engine, inner);
        this.netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    }

    SSLEngine engine() {
        return this.engine;
    }

    boolean isClientMode() {
        return this.engine.getUseClientMode();
    }

    /** Begins the handshake; a client writes its hello. */
    void begin() throws IOException {
        this.started = true;
        try {
            this.engine.beginHandshake();
            pumpOutbound();
        }
        catch (SSLException ex) {
            throw failed(ex);
        }
    }

    // ---- state --------------------------------------------------------------------------------

    /** Whether application bytes must wait for a handshake (the first one, or one the peer began). */
    boolean isHandshaking() {
        return !this.handshakeDone
                || !this.closed && this.engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP;
    }

    boolean isHandshakeDone() {
        return this.handshakeDone;
    }

    /** Whether the first handshake finished since the last call; true once. */
    boolean takeFinished() {
        boolean finished = this.finishedUnreported;
        this.finishedUnreported = false;
        return finished;
    }

    boolean hasPendingOutput() {
        return !this.closed && (this.writer.hasPending() || this.innerShutdownPending);
    }

    boolean hasBufferedInput() {
        if (this.closed) {
            return false;
        }
        return this.appIn != null && this.appIn.hasRemaining()
                || (this.eof || this.inboundDone) && !this.eofReported
                || !this.inboundDone && !this.stalledOnOutput && this.handshakeDone && hasCompleteRecord();
    }

    TlsTruncationException truncation() {
        return this.truncation;
    }

    private boolean hasCompleteRecord() {
        int available = this.netIn.position();
        if (available < RECORD_HEADER_LENGTH) {
            return false;
        }
        int length = (this.netIn.get(3) & 0xff) << 8 | this.netIn.get(4) & 0xff;
        return available >= RECORD_HEADER_LENGTH + length;
    }

    // ---- reading ------------------------------------------------------------------------------

    /**
     * Reads records from the network and decrypts them into {@code dst}, moving the handshake on
     * as needed.
     *
     * @return plaintext bytes put in {@code dst}, 0 when none are available yet, -1 at end of
     *         stream (a {@code close_notify}, or the peer's FIN after the handshake)
     * @throws SSLException when the peer breaks the protocol or the handshake fails
     */
    int read(ByteBuffer dst) throws IOException {
        if (this.closed) {
            throw new ClosedChannelException();
        }
        int produced = drainAppIn(dst);
        if (produced > 0) {
            return produced;
        }
        try {
            produced = fill(dst, false);
        }
        catch (SSLException ex) {
            throw failed(ex);
        }
        if (produced > 0 || this.closed) {
            return produced;
        }
        if (this.inboundDone) {
            this.eofReported = true;
            return -1;
        }
        if (this.eof) {
            return endOfStream();
        }
        return 0;
    }

    /** Moves the handshake on with the bytes the network has, leaving application records buffered. */
    void advanceHandshake() throws IOException {
        if (this.closed) {
            return;
        }
        try {
            fill(this.empty, true);
        }
        catch (SSLException ex) {
            throw failed(ex);
        }
        if (this.eof && !this.handshakeDone) {
            endOfStream();
        }
    }

    private int fill(ByteBuffer dst, boolean handshakeOnly) throws IOException {
        int produced = 0;
        while (true) {
            produced += unwrap(dst, handshakeOnly);
            if (this.closed || this.inboundDone || this.stalledOnOutput || this.eof) {
                return produced;
            }
            if (handshakeOnly ? this.handshakeDone : produced > 0 && dst.remaining() < appBufferSize()
                    || this.appIn != null && this.appIn.hasRemaining()) {
                return produced;
            }
            int read = this.inner.read(this.netIn);
            if (read < 0) {
                this.eof = true;
                return produced;
            }
            if (read == 0) {
                return produced;
            }
        }
    }

    private int endOfStream() throws SSLException {
        this.eofReported = true;
        if (!this.handshakeDone) {
            int unread = this.netIn.position();
            throw new SSLHandshakeException("the peer closed the connection during the TLS handshake"
                    + (unread > 0 ? " (" + unread + " bytes of an incomplete record left)" : ""));
        }
        if (!this.inboundDone) {
            int unread = this.netIn.position();
            this.truncation = new TlsTruncationException("the peer closed the connection without a TLS close_notify"
                    + (unread > 0 ? ", in the middle of a record (" + unread + " bytes)" : ""));
        }
        return -1;
    }

    /**
     * Decrypts the records {@code netIn} holds, doing the handshake's wraps and tasks on the way.
     *
     * @return plaintext bytes put in {@code dst}
     */
    private int unwrap(ByteBuffer dst, boolean handshakeOnly) throws IOException {
        int produced = 0;
        int idle = 0;
        boolean useAppIn = false;
        while (!this.closed) {
            if (!pumpOutbound() || this.inboundDone || handshakeOnly && this.handshakeDone
                    || this.netIn.position() == 0) {
                return produced;
            }
            ByteBuffer target = handshakeOnly ? this.empty : dst;
            boolean intoAppIn = !handshakeOnly && (useAppIn || produced == 0 && dst.remaining() < appBufferSize());
            if (intoAppIn) {
                if (this.appIn != null && this.appIn.hasRemaining()) {
                    return produced;
                }
                target = appIn();
                target.clear();
            }
            SSLEngineResult result;
            this.netIn.flip();
            try {
                result = this.engine.unwrap(this.netIn, target);
            }
            finally {
                this.netIn.compact();
                if (intoAppIn) {
                    this.appIn.flip();
                }
            }
            produced += intoAppIn ? drainAppIn(dst) : result.bytesProduced();
            switch (result.getStatus()) {
                case BUFFER_UNDERFLOW -> {
                    ensureNetInRoom();
                    return produced;
                }
                case BUFFER_OVERFLOW -> {
                    if (handshakeOnly || produced > 0) {
                        return produced;
                    }
                    if (intoAppIn) {
                        throw new SSLException("a TLS record decrypts to more than the session's "
                                + this.appIn.capacity() + " bytes");
                    }
                    useAppIn = true;
                    continue;
                }
                case CLOSED -> this.inboundDone = true;
                case OK -> {
                    // progress is checked below
                }
            }
            HandshakeStatus status = result.getHandshakeStatus();
            if (status == HandshakeStatus.FINISHED) {
                finished();
            }
            else if (this.refuseRenegotiation && result.getStatus() == SSLEngineResult.Status.OK
                    && status != HandshakeStatus.NOT_HANDSHAKING) {
                throw new SSLHandshakeException("TLS renegotiation started by the client is refused");
            }
            if (result.bytesConsumed() == 0 && result.bytesProduced() == 0 && ++idle > MAX_IDLE_STEPS) {
                throw new SSLException("the TLS engine made no progress reading (" + status + ")");
            }
            if (intoAppIn) {
                return produced;
            }
        }
        return produced;
    }

    private void ensureNetInRoom() throws SSLException {
        if (this.netIn.hasRemaining()) {
            return;
        }
        int packetSize = this.engine.getSession().getPacketBufferSize();
        if (packetSize <= this.netIn.capacity()) {
            throw new SSLException("a TLS record is larger than the session's " + this.netIn.capacity() + " bytes");
        }
        this.netIn = ByteBuffer.allocate(packetSize).put(this.netIn.flip());
    }

    private int appBufferSize() {
        return this.appIn != null ? this.appIn.capacity() : this.engine.getSession().getApplicationBufferSize();
    }

    private ByteBuffer appIn() {
        if (this.appIn == null) {
            this.appIn = ByteBuffer.allocate(this.engine.getSession().getApplicationBufferSize()).flip();
        }
        return this.appIn;
    }

    private int drainAppIn(ByteBuffer dst) {
        if (this.appIn == null || !this.appIn.hasRemaining()) {
            return 0;
        }
        int count = Math.min(this.appIn.remaining(), dst.remaining());
        ByteBuffer slice = this.appIn.slice(this.appIn.position(), count);
        dst.put(slice);
        this.appIn.position(this.appIn.position() + count);
        return count;
    }

    private void finished() {
        if (!this.handshakeDone) {
            this.handshakeDone = true;
            this.finishedUnreported = true;
            this.refuseRenegotiation = !this.engine.getUseClientMode()
                    && !"TLSv1.3".equals(this.engine.getSession().getProtocol());
        }
    }

    // ---- writing ------------------------------------------------------------------------------

    /**
     * Encrypts as much of {@code sources} as the network takes now.
     *
     * @return plaintext bytes consumed; 0 while a handshake runs
     */
    long write(ByteBuffer[] sources, int offset, int length) throws IOException {
        if (this.closed) {
            throw new ClosedChannelException();
        }
        if (!this.handshakeDone) {
            return 0;
        }
        try {
            return this.writer.write(sources, offset, length, this.inboundDone);
        }
        catch (SSLException ex) {
            throw failed(ex);
        }
    }

    /**
     * Reads up to {@code count} bytes of {@code file} from {@code position} and encrypts them, as
     * many as the network takes now.
     *
     * @return file bytes consumed; 0 while a handshake runs
     */
    long transferFrom(FileChannel file, long position, long count) throws IOException {
        if (this.closed) {
            throw new ClosedChannelException();
        }
        if (!this.handshakeDone) {
            return 0;
        }
        try {
            return this.writer.transferFrom(file, position, count, this.inboundDone);
        }
        catch (SSLException ex) {
            throw failed(ex);
        }
    }

    /**
     * Writes the record waiting in the writer, then whatever the engine still has to say
     * (handshake messages, alerts, {@code close_notify}).
     *
     * @return whether nothing remains to be written
     */
    boolean flush() throws IOException {
        if (this.closed) {
            return true;
        }
        try {
            if (this.started && (this.stalledOnOutput || this.writer.hasPending())) {
                this.stalledOnOutput = false;
                fill(this.empty, true);
            }
            else {
                pumpOutbound();
            }
        }
        catch (SSLException ex) {
            throw failed(ex);
        }
        if (this.innerShutdownPending && !this.writer.hasPending()) {
            this.innerShutdownPending = false;
            this.inner.shutdownOutput();
        }
        return !this.writer.hasPending();
    }

    /** Sends {@code close_notify} then end-of-stream, once the first handshake is done. */
    void shutdownOutput() throws IOException {
        if (this.closed) {
            return;
        }
        if (!this.handshakeDone) {
            this.shutdownAfterHandshake = true;
            return;
        }
        this.engine.closeOutbound();
        this.innerShutdownPending = true;
        flush();
    }

    /** Runs a shutdown asked for during the handshake; call once the handshake is reported. */
    void afterHandshake() throws IOException {
        if (this.shutdownAfterHandshake) {
            this.shutdownAfterHandshake = false;
            shutdownOutput();
        }
    }

    /**
     * Does what the engine needs before it can read: runs tasks and writes handshake records.
     *
     * @return false when a record must be written but the network takes no more now
     */
    private boolean pumpOutbound() throws IOException {
        int idle = 0;
        while (!this.closed) {
            HandshakeStatus status = this.engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                TlsRecordWriter.runDelegatedTasks(this.engine);
            }
            else if (status == HandshakeStatus.NEED_WRAP) {
                if (!this.writer.flush()) {
                    this.stalledOnOutput = true;
                    return false;
                }
                SSLEngineResult result = this.writer.wrapEngineMessage();
                if (result.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                    finished();
                }
                if (result.bytesProduced() == 0 && ++idle > MAX_IDLE_STEPS) {
                    throw new SSLException("the TLS engine made no progress writing (" + result.getStatus() + ")");
                }
                if (result.getStatus() == SSLEngineResult.Status.CLOSED && result.bytesProduced() == 0) {
                    break;
                }
            }
            else {
                break;
            }
        }
        this.stalledOnOutput = false;
        this.writer.flush();
        return true;
    }

    /**
     * Sends the alert the engine queued for a failure, as far as the network takes it now, and
     * returns the failure to throw.
     */
    private SSLException failed(SSLException failure) {
        try {
            this.engine.closeOutbound();
            pumpOutbound();
        }
        catch (IOException | RuntimeException ex) {
            failure.addSuppressed(ex);
        }
        return failure;
    }

    // ---- closing ------------------------------------------------------------------------------

    /**
     * Closes the engine and the network: unless {@code reset}, first sends {@code close_notify}
     * as far as the network takes it at once (it waits for nothing).
     */
    void close(boolean reset) throws IOException {
        if (this.closed) {
            return;
        }
        try {
            if (!reset && this.started) {
                this.engine.closeOutbound();
                pumpOutbound();
            }
        }
        catch (IOException ex) {
            log.debug("could not send the TLS close_notify", ex);
        }
        finally {
            this.closed = true;
            this.inner.close(reset);
        }
    }
}
