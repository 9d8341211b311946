package io.untwisted.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A plain blocking TCP client on 127.0.0.1 for tests that talk to servers over loopback. Every
 * read waits at most 20 seconds, so a broken server fails the test instead of hanging it.
 */
public final class LineClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** Connects to {@code 127.0.0.1:port}. */
    public LineClient(int port) throws IOException {
        this.socket = new Socket();
        this.socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        this.socket.setSoTimeout(20_000);
        this.in = this.socket.getInputStream();
        this.out = this.socket.getOutputStream();
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

    /** Reads one line ending in {@code \n}, without it or a {@code \r} before it; null at end of stream. */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = this.in.read()) != '\n') {
            if (b == -1) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Reads exactly {@code count} bytes, or fewer at end of stream. */
    public byte[] read(int count) throws IOException {
        return this.in.readNBytes(count);
    }

    /** Reads {@code text.length()} UTF-8 characters' worth of bytes, for a prompt without a newline. */
    public String readText(String text) throws IOException {
        return new String(read(text.getBytes(StandardCharsets.UTF_8).length), StandardCharsets.UTF_8);
    }

    /** Whether the server closed the connection: the next read is the end of the stream. */
    public boolean atEnd() throws IOException {
        return this.in.read() == -1;
    }

    @Override
    public void close() throws IOException {
        this.socket.close();
    }
}
