package io.untwisted.demo.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A blocking TCP client for tests: every read waits at most {@link #TIMEOUT_MILLIS}, so a test
 * that does not get its answer fails instead of hanging.
 */
public final class LineClient implements AutoCloseable {

    /** How long one read waits for bytes. */
    public static final int TIMEOUT_MILLIS = 15_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private LineClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code 127.0.0.1:port}. */
    public static LineClient connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return new LineClient(socket);
    }

    /** Sends {@code text} as UTF-8. */
    public LineClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code bytes}. */
    public LineClient send(byte[] bytes) throws IOException {
        this.out.write(bytes);
        this.out.flush();
        return this;
    }

    /** Reads up to and including the next {@code \n}; returns the line without {@code \r\n}. */
    public String readLine() throws IOException {
        String text = readUntil("\n");
        return text.substring(0, text.length() - (text.endsWith("\r\n") ? 2 : 1));
    }

    /** Reads until the bytes read end with {@code suffix}; returns them all, suffix included. */
    public String readUntil(String suffix) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] end = suffix.getBytes(StandardCharsets.UTF_8);
        while (!endsWith(read.toByteArray(), end)) {
            int b = this.in.read();
            if (b < 0) {
                throw new IOException("end of stream after '" + read.toString(StandardCharsets.UTF_8)
                        + "' while waiting for '" + suffix + "'");
            }
            read.write(b);
        }
        return read.toString(StandardCharsets.UTF_8);
    }

    /** Reads exactly {@code count} bytes. */
    public byte[] readBytes(int count) throws IOException {
        return this.in.readNBytes(count);
    }

    /** Whether the server has closed the connection: the next read sees end of stream. */
    public boolean atEndOfStream() throws IOException {
        return this.in.read() < 0;
    }

    @Override
    public void close() throws IOException {
        this.socket.close();
    }

    private static boolean endsWith(byte[] bytes, byte[] suffix) {
        if (bytes.length < suffix.length) {
            return false;
        }
        for (int i = 0; i < suffix.length; i++) {
            if (bytes[bytes.length - suffix.length + i] != suffix[i]) {
                return false;
            }
        }
        return true;
    }
}
