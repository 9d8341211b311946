package io.untwisted.net.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import io.untwisted.net.SuperServer;
import io.untwisted.testsupport.Figures;
import io.untwisted.testsupport.RoundTrips;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static io.untwisted.net.tls.TlsHandshakeFailureTest.clientHello;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Row S7: rows B1 (slow readers) and T4 (slow-loris) again over TLS, scaled to 200 connections: a
 * fast TLS client sharing the reactors keeps a bounded round trip, the heap stays bounded, and
 * stalled handshakes are all closed by their timeout with every file descriptor given back.
 *
 * <p>The matrix's budget is B1's fast-client p99 of 20 ms × 1.5 = 30 ms. The test asserts a p99
 * under 250 ms, which still catches a reactor that stalls on a slow peer or spins, and records the
 * measured figure: the machines that run it are shared 2-core boxes.
 */
@Tag("reliability")
@Timeout(180)
class TlsLoadReliabilityTest {

    private static final int PEERS = 200;
    private static final int REPLY_BYTES = 1024 * 1024;
    private static final long FAST_P99_LIMIT_MILLIS = 250;

    @TempDir
    static Path pkiDir;

    private static SSLContext serverContext;
    private static SSLContext clientContext;

    private TlsFixture fixture;

    @BeforeAll
    static void makeCertificates() throws Exception {
        TestPki serverPki = TestPki.create(pkiDir, "server", "localhost", "dns:localhost,ip:127.0.0.1");
        serverContext = TestPki.context(serverPki);
        clientContext = TestPki.context(null, serverPki);
    }

    @BeforeEach
    void start() {
        this.fixture = new TlsFixture();
    }

    @AfterEach
    void stop() throws InterruptedException {
        this.fixture.close();
    }

    /**
     * Row S7 (a), B1 over TLS: 200 TLS clients are each sent 1 MiB and read it at 1 KiB/s, while a
     * fast TLS echo client on the same reactors does round trips for 10 s.
     */
    @Test
    void shouldKeepAFastClientQuickAndTheHeapBoundedBesideSlowTlsReaders() throws Exception {
        byte[] reply = new byte[REPLY_BYTES];
        Arrays.fill(reply, (byte) 'x');
        SuperServer bulk = TlsServer.listen(this.fixture.group, loopback(), TlsConfig.of(serverContext), server ->
                server.onAccept((srv, client) -> TlsEvents.onSslAccept(client, c -> c.dump(reply))));
        SuperServer echo = this.fixture.echoServer(TlsConfig.of(serverContext), new TlsFixture.Recorder());
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peakHeap = new AtomicLong();

        List<SlowReader> slow = connectSlowReaders(bulk.port());
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        try (SSLSocket fast = tlsClient(echo.port())) {
            await("all slow readers connected").atMost(Duration.ofSeconds(60))
                    .until(bulk::activeConnections, count -> count == PEERS);
            byte[] chunk = new byte[1024];
            pacer.scheduleAtFixedRate(() -> {
                for (SlowReader reader : slow) {
                    readSome(reader, chunk);
                }
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            }, 0, 1, TimeUnit.SECONDS);

            long[] rtts = roundTrips(fast, Duration.ofSeconds(10), () -> false);

            Figures.record("S7", "fast TLS client p50 beside 200 slow TLS readers", RoundTrips.percentile(rtts, 50) / 1e6, "ms");
            Figures.record("S7", "fast TLS client p99 beside 200 slow TLS readers", RoundTrips.percentile(rtts, 99) / 1e6, "ms");
            Figures.record("S7", "fast TLS client max beside 200 slow TLS readers", rtts[rtts.length - 1] / 1e6, "ms");
            Figures.record("S7", "peak heap used (server and clients in one JVM)", peakHeap.get() / (1024 * 1024), "MiB");
            assertThat(rtts.length).isGreaterThan(100);
            assertThat(RoundTrips.percentile(rtts, 99)).isLessThan(TimeUnit.MILLISECONDS.toNanos(FAST_P99_LIMIT_MILLIS));
            assertThat(bulk.activeConnections()).as("no slow reader was dropped").isEqualTo(PEERS);
        }
        finally {
            pacer.shutdownNow();
            assertThat(pacer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            for (SlowReader reader : slow) {
                reader.tcp().close();
            }
        }
        System.gc();
        long heapAfterGc = memory.getHeapMemoryUsage().getUsed();
        Figures.record("S7", "heap used after GC", heapAfterGc / (1024 * 1024), "MiB");
        // 200 MiB of replies on the heap would show; the server keeps them in direct buffers or the kernel
        assertThat(peakHeap.get()).isLessThan(512L * 1024 * 1024);
        assertThat(heapAfterGc).isLessThan(256L * 1024 * 1024);
        await().atMost(Duration.ofSeconds(30)).until(() -> bulk.activeConnections() == 0);
    }

    /**
     * Row S7 (b), T4 over TLS: 200 connections send half a ClientHello and stall; with a 2 s
     * handshake timeout every one is closed 2 s after it was accepted (by about 3 s in all), the
     * process's file descriptors return to their count before, and a fast TLS client on the same
     * reactors is not slowed down.
     */
    @Test
    void shouldCloseStalledHandshakesOnTimeAndGiveBackEveryDescriptor() throws Exception {
        Map<Integer, Long> acceptedAt = new ConcurrentHashMap<>();
        Map<Integer, Long> closedAt = new ConcurrentHashMap<>();
        TlsConfig stalling = TlsConfig.builder(serverContext).handshakeTimeout(Duration.ofSeconds(2)).build();
        SuperServer server = TlsServer.listen(this.fixture.group, loopback(), stalling, srv ->
                srv.onAccept((s, client) -> {
                    int port = ((InetSocketAddress) client.remoteAddress()).getPort();
                    acceptedAt.put(port, System.nanoTime());
                    client.onClose((c, reason, cause) -> {
                        if (cause instanceof TlsHandshakeTimeoutException) {
                            closedAt.put(port, System.nanoTime());
                        }
                    });
                }));
        SuperServer echo = this.fixture.echoServer(TlsConfig.of(serverContext), new TlsFixture.Recorder());
        byte[] hello = clientHello(clientContext);
        byte[] half = Arrays.copyOf(hello, hello.length / 2);

        try (SSLSocket fast = tlsClient(echo.port())) {
            roundTrips(fast, Duration.ofMillis(200), () -> false);
            long descriptorsBefore = openDescriptors();
            long start = System.nanoTime();
            List<Socket> stalled = new ArrayList<>();
            long[] rtts;
            try {
                for (int i = 0; i < PEERS; i++) {
                    Socket socket = new Socket("127.0.0.1", server.port());
                    stalled.add(socket);
                    OutputStream out = socket.getOutputStream();
                    out.write(half);
                    out.flush();
                }
                rtts = roundTrips(fast, Duration.ofSeconds(20), () -> closedAt.size() == PEERS);
            }
            finally {
                for (Socket socket : stalled) {
                    socket.close();
                }
            }
            long allClosedMillis = TimeUnit.NANOSECONDS.toMillis(
                    closedAt.values().stream().mapToLong(Long::longValue).max().orElseThrow() - start);
            long[] lifetimes = closedAt.entrySet().stream()
                    .mapToLong(e -> e.getValue() - acceptedAt.get(e.getKey())).sorted().toArray();

            Figures.record("S7", "200 stalled handshakes: all closed after", allClosedMillis, "ms");
            Figures.record("S7", "200 stalled handshakes: close spread (last - first lifetime)",
                    (lifetimes[lifetimes.length - 1] - lifetimes[0]) / 1e6, "ms");
            Figures.record("S7", "fast TLS client p99 beside 200 stalled handshakes", RoundTrips.percentile(rtts, 99) / 1e6, "ms");
            assertThat(closedAt).hasSize(PEERS);
            assertThat(lifetimes[0]).as("no connection closed before its timeout")
                    .isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(2));
            assertThat(lifetimes[lifetimes.length - 1]).isLessThan(TimeUnit.SECONDS.toNanos(4));
            assertThat(allClosedMillis).isLessThan(6_000);
            assertThat(RoundTrips.percentile(rtts, 99)).isLessThan(TimeUnit.MILLISECONDS.toNanos(FAST_P99_LIMIT_MILLIS));
            // a leak per connection would leave 200 behind; a few may be the JVM's own (a jar, a pipe)
            await().atMost(Duration.ofSeconds(10)).until(() -> server.activeConnections() == 0
                    && openDescriptors() <= descriptorsBefore + 5);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static InetSocketAddress loopback() {
        return new InetSocketAddress("127.0.0.1", 0);
    }

    private static SSLSocket tlsClient(int port) throws IOException {
        SSLSocket socket = (SSLSocket) clientContext.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        socket.setTcpNoDelay(true);
        socket.startHandshake();
        return socket;
    }

    /**
     * {@value #PEERS} TLS clients that finish their handshake, then read the raw TCP stream under it
     * (they never decrypt, the server cannot tell) through a small receive window.
     */
    private static List<SlowReader> connectSlowReaders(int port) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<SlowReader>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < PEERS; i++) {
                futures.add(pool.submit(() -> {
                    Socket tcp = new Socket();
                    tcp.setReceiveBufferSize(8 * 1024);
                    tcp.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                    tcp.setSoTimeout(20_000);
                    SSLSocket tls = (SSLSocket) clientContext.getSocketFactory().createSocket(tcp, "localhost",
                            port, false);
                    tls.startHandshake();
                    tcp.setSoTimeout(5);
                    return new SlowReader(tcp, tls);
                }));
            }
            List<SlowReader> sockets = new ArrayList<>();
            for (Future<SlowReader> future : futures) {
                sockets.add(future.get(60, TimeUnit.SECONDS));
            }
            return sockets;
        }
        finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * A TCP connection and the TLS socket that did its handshake, kept reachable: a TLS socket that
     * is garbage collected may say goodbye to the server.
     */
    private record SlowReader(Socket tcp, SSLSocket tls) {
    }

    /** Reads what is there, at most {@code chunk.length} bytes, waiting 5 ms at most. */
    private static void readSome(SlowReader reader, byte[] chunk) {
        try {
            reader.tcp().getInputStream().read(chunk);
        }
        catch (SocketTimeoutException ex) {
            // nothing arrived yet: read again next second
        }
        catch (IOException ex) {
            // a closed socket is checked by the test through the server's connection count
        }
    }

    /**
     * Echo round trips of 32 bytes, about one every 5 ms, for {@code duration} or until
     * {@code done}.
     *
     * @return the round-trip times in nanoseconds, sorted
     */
    private static long[] roundTrips(SSLSocket socket, Duration duration, BooleanSupplier done)
            throws IOException {
        byte[] message = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        long end = System.nanoTime() + duration.toNanos();
        long[] times = RoundTrips.collect(socket, message, () -> System.nanoTime() < end && !done.getAsBoolean(),
                TimeUnit.MILLISECONDS.toNanos(5));
        Arrays.sort(times);
        return times;
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
