package io.untwisted.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@Timeout(30)
class FaultProxyTest {

    private BlockingEcho echo;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        this.echo = new BlockingEcho();
        this.proxy = FaultProxy.to(this.echo.port());
    }

    @AfterEach
    void stop() throws IOException {
        this.proxy.close();
        this.echo.close();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("fault-proxy-") && t.isAlive());
    }

    @Test
    void passesBytesBothWaysWithoutToxics() throws IOException {
        byte[] sent = randomBytes(100_000);
        try (Socket client = connect()) {
            client.getOutputStream().write(sent);
            assertThat(readExactly(client.getInputStream(), sent.length)).isEqualTo(sent);
        }
        assertThat(this.proxy.acceptedConnections()).isEqualTo(1);
    }

    @Test
    void latencyDelaysEveryChunk() throws IOException {
        this.proxy.downstream().latency(Duration.ofMillis(200));
        try (Socket client = connect()) {
            long start = System.nanoTime();
            client.getOutputStream().write('x');
            assertThat(client.getInputStream().read()).isEqualTo('x');
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
    }

    @Test
    void bandwidthPacesTheStream() throws IOException {
        this.proxy.downstream().bandwidth(256 * 1024);
        byte[] sent = randomBytes(128 * 1024);
        try (Socket client = connect()) {
            long start = System.nanoTime();
            client.getOutputStream().write(sent);
            assertThat(readExactly(client.getInputStream(), sent.length)).isEqualTo(sent);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isBetween(Duration.ofMillis(400), Duration.ofSeconds(10));
        }
    }

    @Test
    void slicingSplitsWritesIntoSmallPieces() throws IOException {
        this.proxy.downstream().slicing(100, Duration.ofMillis(5));
        byte[] sent = randomBytes(2000);
        try (Socket client = connect()) {
            client.getOutputStream().write(sent);
            InputStream in = client.getInputStream();
            byte[] received = new byte[sent.length];
            int reads = 0;
            int total = 0;
            while (total < sent.length) {
                int count = in.read(received, total, sent.length - total);
                assertThat(count).isPositive().isLessThanOrEqualTo(sent.length);
                total += count;
                reads++;
            }
            assertThat(received).isEqualTo(sent);
            assertThat(reads).isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void resetAllResetsTheClient() throws IOException {
        try (Socket client = connect()) {
            client.getOutputStream().write('x');
            assertThat(client.getInputStream().read()).isEqualTo('x');
            this.proxy.resetAll();
            assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketException.class);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> this.proxy.openConnections() == 0);
    }

    @Test
    void stallStopsForwardingUntilResumed() throws IOException {
        this.proxy.upstream().stall();
        try (Socket client = connect()) {
            client.setSoTimeout(300);
            client.getOutputStream().write('x');
            assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            this.proxy.upstream().resume();
            client.setSoTimeout(10_000);
            assertThat(client.getInputStream().read()).isEqualTo('x');
        }
    }

    @Test
    void limitDataClosesTheConnectionAfterThatManyBytes() throws IOException {
        this.proxy.downstream().limitData(1000);
        try (Socket client = connect()) {
            client.getOutputStream().write(randomBytes(5000));
            InputStream in = client.getInputStream();
            int total = 0;
            int count;
            byte[] buffer = new byte[8192];
            while ((count = readOrReset(in, buffer)) > 0) {
                total += count;
            }
            assertThat(total).isEqualTo(1000);
        }
    }

    @Test
    void clearRemovesEveryToxic() throws IOException {
        this.proxy.downstream().latency(Duration.ofSeconds(5)).bandwidth(10).stall().clear();
        byte[] sent = randomBytes(50_000);
        try (Socket client = connect()) {
            long start = System.nanoTime();
            client.getOutputStream().write(sent);
            assertThat(readExactly(client.getInputStream(), sent.length)).isEqualTo(sent);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    private static int readOrReset(InputStream in, byte[] buffer) throws IOException {
        try {
            return in.read(buffer);
        }
        catch (SocketException ex) {
            return -1; // the echo server may reset once its peer is gone; the count is what matters
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.proxy.port()), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        assertThat(bytes).hasSize(length);
        return bytes;
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    /** A blocking echo server with a thread per connection. */
    private static final class BlockingEcho implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> sockets = new ArrayList<>();
        private final List<Thread> threads = new ArrayList<>();
        private final Thread acceptor = new Thread(this::acceptLoop, "echo-accept");

        BlockingEcho() throws IOException {
            this.acceptor.start();
        }

        int port() {
            return this.listener.getLocalPort();
        }

        private void acceptLoop() {
            while (true) {
                Socket socket;
                try {
                    socket = this.listener.accept();
                }
                catch (IOException ex) {
                    return; // closed by the test
                }
                Thread thread = new Thread(() -> serve(socket), "echo-conn");
                synchronized (this) {
                    this.sockets.add(socket);
                    this.threads.add(thread);
                }
                thread.start();
            }
        }

        private static void serve(Socket socket) {
            byte[] buffer = new byte[8192];
            try (socket) {
                InputStream in = socket.getInputStream();
                int count;
                while ((count = in.read(buffer)) > 0) {
                    socket.getOutputStream().write(buffer, 0, count);
                }
            }
            catch (IOException ex) {
                // The proxy reset or closed the connection: that ends this echo.
            }
        }

        @Override
        public void close() throws IOException {
            this.listener.close();
            List<Thread> copy;
            synchronized (this) {
                for (Socket socket : this.sockets) {
                    socket.close();
                }
                copy = new ArrayList<>(this.threads);
            }
            try {
                this.acceptor.join(5_000);
                for (Thread thread : copy) {
                    thread.join(5_000);
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            assertThat(Arrays.asList(this.acceptor)).noneMatch(Thread::isAlive);
            assertThat(copy).noneMatch(Thread::isAlive);
        }
    }
}
