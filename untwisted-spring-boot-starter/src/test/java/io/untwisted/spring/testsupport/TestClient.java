package io.untwisted.spring.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A blocking TCP client for tests: connects to 127.0.0.1, writes text, reads lines or bytes.
 * Every read gives up after 10 seconds, so a missing answer fails the test instead of hanging it.
 */
public final class TestClient implements AutoCloseable {

    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private TestClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code port} on 127.0.0.1. */
    public static TestClient connect(int port) throws IOException {
        return connect(port, 0);
    }

    /** Connects with a receive buffer of {@code receiveBuffer} bytes (0 for the default). */
    public static TestClient connect(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
        return new TestClient(socket);
    }

    /** Writes {@code text} as UTF-8. */
    public TestClient send(String text) throws IOException {
        this.out.write(text.getBytes(StandardCharsets.UTF_8));
        this.out.flush();
        return this;
    }

    /** Writes {@code line} followed by CR LF. */
    public TestClient sendLine(String line) throws IOException {
        return send(line + "\r\n");
    }

    /** Reads up to the next CR LF (not included); null at end of stream. */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = this.in.read();
            if (b < 0) {
                return line.size() == 0 && previous < 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            previous = b;
        }
    }

    /** Reads exactly {@code count} bytes. */
    public byte[] readBytes(int count) throws IOException {
        return this.in.readNBytes(count);
    }

    /** Reads until the server closes the connection. */
    public byte[] readToEnd() throws IOException {
        return this.in.readAllBytes();
    }

    /** Whether the server closed the connection: the next read is end of stream (or a reset). */
    public boolean isClosedByServer() throws IOException {
        try {
            return this.in.read() < 0;
        }
        catch (java.net.SocketException ex) {
            return true;
        }
    }

    /** The client's own port: how the server's logs and {@code SuperSocket#toString()} name it. */
    public int localPort() {
        return this.socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        this.socket.close();
    }
}
