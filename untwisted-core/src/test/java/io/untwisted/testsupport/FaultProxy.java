package io.untwisted.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on 127.0.0.1 that injects faults between a client and a server under test, like
 * toxiproxy without a daemon: connect to {@link #port()} instead of the server.
 *
 * <p>Each direction has its own {@link Toxics}: {@link #downstream()} (server to client) and
 * {@link #upstream()} (client to server). Toxics can be changed while data flows and apply to the
 * next chunk. {@link #resetAll()} resets every open connection (SO_LINGER 0). Every connection
 * has two threads of its own, one per direction, with blocking sockets; {@link #close()} closes
 * every socket and joins every thread.
 */
public final class FaultProxy implements AutoCloseable {

    private static final int CHUNK = 16 * 1024;
    private static final AtomicInteger ids = new AtomicInteger();

    private final InetSocketAddress target;
    private final int socketBuffer;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final Toxics downstream = new Toxics();
    private final Toxics upstream = new Toxics();
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean closed;

    private FaultProxy(InetSocketAddress target, int socketBuffer) throws IOException {
        this.target = target;
        this.socketBuffer = socketBuffer;
        this.listener = new ServerSocket();
        if (socketBuffer > 0) {
            this.listener.setReceiveBufferSize(socketBuffer);
        }
        this.listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        this.acceptor = new Thread(this::acceptLoop, "fault-proxy-" + ids.incrementAndGet() + "-accept");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** Starts a proxy to {@code 127.0.0.1:targetPort} with no toxics. */
    public static FaultProxy to(int targetPort) throws IOException {
        return to(targetPort, 0);
    }

    /**
     * Starts a proxy to {@code 127.0.0.1:targetPort} whose sockets have send and receive buffers
     * of {@code socketBuffer} bytes (0 for the kernel's default), so that a slow toxic pushes
     * back on the sender instead of being absorbed by megabytes of auto-tuned buffers.
     */
    public static FaultProxy to(int targetPort, int socketBuffer) throws IOException {
        return new FaultProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), socketBuffer);
    }

    /** The port clients connect to. */
    public int port() {
        return this.listener.getLocalPort();
    }

    /** The toxics of bytes going from the server to the client. */
    public Toxics downstream() {
        return this.downstream;
    }

    /** The toxics of bytes going from the client to the server. */
    public Toxics upstream() {
        return this.upstream;
    }

    /** How many client connections the proxy accepted. */
    public int acceptedConnections() {
        return this.accepted.get();
    }

    /** Connections proxied now. */
    public int openConnections() {
        return this.links.size();
    }

    /** Resets every open connection on both sides (RST instead of FIN). */
    public void resetAll() {
        for (Link link : this.links) {
            link.close(true);
        }
    }

    /** Stops accepting, closes every connection and joins every thread (up to 5 s each). */
    @Override
    public void close() throws IOException {
        this.closed = true;
        this.listener.close();
        for (Link link : this.links) {
            link.close(false);
        }
        this.downstream.wake();
        this.upstream.wake();
        join(this.acceptor);
        List<Thread> copy;
        synchronized (this.threads) {
            copy = new ArrayList<>(this.threads);
        }
        for (Thread thread : copy) {
            join(thread);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(5_000);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new IllegalStateException(thread.getName() + " did not stop");
        }
    }

    private void acceptLoop() {
        while (!this.closed) {
            Socket client;
            try {
                client = this.listener.accept();
            }
            catch (IOException ex) {
                return; // closed: the proxy is shutting down
            }
            this.accepted.incrementAndGet();
            Socket server = new Socket();
            try {
                if (this.socketBuffer > 0) {
                    server.setReceiveBufferSize(this.socketBuffer);
                    server.setSendBufferSize(this.socketBuffer);
                    client.setSendBufferSize(this.socketBuffer);
                }
                server.connect(this.target, 5_000);
            }
            catch (IOException ex) {
                closeQuietly(client, true);
                closeQuietly(server, false);
                continue;
            }
            Link link = new Link(client, server);
            this.links.add(link);
            int id = ids.incrementAndGet();
            start(new Thread(() -> link.pump(server, client, this.downstream), "fault-proxy-" + id + "-down"));
            start(new Thread(() -> link.pump(client, server, this.upstream), "fault-proxy-" + id + "-up"));
        }
    }

    private void start(Thread thread) {
        thread.setDaemon(true);
        synchronized (this.threads) {
            this.threads.removeIf(t -> !t.isAlive());
            this.threads.add(thread);
        }
        thread.start();
    }

    private static void closeQuietly(Socket socket, boolean reset) {
        try {
            if (reset && !socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
            socket.close();
        }
        catch (IOException ex) {
            // Already broken; closing is all a fault proxy can do with it.
        }
    }

    /** One proxied connection: a client socket and the socket to the server. */
    private final class Link {
        private final Socket client;
        private final Socket server;
        private final AtomicInteger pumps = new AtomicInteger(2);

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void pump(Socket from, Socket to, Toxics toxics) {
            byte[] buffer = new byte[CHUNK];
            long forwarded = 0;
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (!FaultProxy.this.closed) {
                    if (!toxics.awaitFlowing(() -> FaultProxy.this.closed)) {
                        break;
                    }
                    int count = in.read(buffer, 0, toxics.chunkSize(CHUNK));
                    if (count < 0) {
                        to.shutdownOutput();
                        break;
                    }
                    long limit = toxics.limitData;
                    int allowed = limit >= 0 ? (int) Math.min(count, Math.max(0, limit - forwarded)) : count;
                    toxics.delay();
                    toxics.write(out, buffer, allowed);
                    forwarded += allowed;
                    if (limit >= 0 && forwarded >= limit) {
                        close(false);
                        break;
                    }
                }
            }
            catch (SocketException ex) {
                // The other side reset or the proxy closed: pass the reset on.
                close(true);
            }
            catch (IOException ex) {
                close(true);
            }
            finally {
                if (this.pumps.decrementAndGet() == 0) {
                    close(false);
                }
            }
        }

        void close(boolean reset) {
            closeQuietly(this.client, reset);
            closeQuietly(this.server, reset);
            FaultProxy.this.links.remove(this);
        }
    }

    /**
     * The faults applied to one direction. Every setter returns this, and takes effect from the
     * next chunk read.
     */
    public static final class Toxics {
        private volatile long latencyNanos;
        private volatile long bytesPerSecond;
        private volatile int sliceSize;
        private volatile long sliceDelayNanos;
        private volatile long limitData = -1;
        private volatile boolean stalled;

        /** Delays every chunk by {@code latency} (one chunk in flight per direction). */
        public Toxics latency(Duration latency) {
            this.latencyNanos = latency.toNanos();
            return this;
        }

        /** Forwards at most {@code bytesPerSecond} on average; 0 for no limit. */
        public Toxics bandwidth(long bytesPerSecond) {
            this.bytesPerSecond = bytesPerSecond;
            return this;
        }

        /** Splits every chunk into writes of at most {@code size} bytes, {@code delay} apart; size 0 for none. */
        public Toxics slicing(int size, Duration delay) {
            this.sliceSize = size;
            this.sliceDelayNanos = delay.toNanos();
            return this;
        }

        /** Closes the connection once {@code bytes} went this way; -1 for no limit. */
        public Toxics limitData(long bytes) {
            this.limitData = bytes;
            return this;
        }

        /** Stops forwarding (the bytes wait in socket buffers, so the sender sees back-pressure). */
        public Toxics stall() {
            this.stalled = true;
            return this;
        }

        /** Forwards again after {@link #stall()}. */
        public synchronized Toxics resume() {
            this.stalled = false;
            notifyAll();
            return this;
        }

        /** Removes every toxic. */
        public Toxics clear() {
            latency(Duration.ZERO).bandwidth(0).slicing(0, Duration.ZERO).limitData(-1);
            return resume();
        }

        synchronized void wake() {
            notifyAll();
        }

        boolean awaitFlowing(java.util.function.BooleanSupplier closed) {
            synchronized (this) {
                while (this.stalled && !closed.getAsBoolean()) {
                    try {
                        wait(100);
                    }
                    catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
            }
            return !closed.getAsBoolean();
        }

        int chunkSize(int max) {
            long rate = this.bytesPerSecond;
            // At most a tenth of a second's worth per chunk, so pacing stays smooth.
            return rate > 0 ? (int) Math.max(1, Math.min(max, rate / 10)) : max;
        }

        void delay() {
            pause(this.latencyNanos);
        }

        void write(OutputStream out, byte[] buffer, int count) throws IOException {
            int slice = this.sliceSize;
            int step = slice > 0 ? slice : count;
            for (int offset = 0; offset < count; offset += step) {
                int length = Math.min(step, count - offset);
                if (offset > 0) {
                    pause(this.sliceDelayNanos);
                }
                out.write(buffer, offset, length);
                out.flush();
                long rate = this.bytesPerSecond;
                if (rate > 0) {
                    pause(TimeUnit.SECONDS.toNanos(length) / rate);
                }
            }
        }

        private static void pause(long nanos) {
            long deadline = System.nanoTime() + nanos;
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(left);
            }
        }
    }
}
