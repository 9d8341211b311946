package io.untwisted.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A plain blocking socket: the peer that tests talk to servers with. Every read has a timeout. */
final class BlockingClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    BlockingClient(int port) throws IOException {
        this.socket = new Socket();
        this.socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        this.socket.setSoTimeout(20_000);
        this.in = this.socket.getInputStream();
        this.out = this.socket.getOutputStream();
    }

    Socket socket() {
        return this.socket;
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] bytes) throws IOException {
        this.out.write(bytes);
        this.out.flush();
    }

    /** Reads exactly {@code count} bytes. */
    byte[] read(int count) throws IOException {
        return this.in.readNBytes(count);
    }

    /** Reads until {@code text} has arrived completely, and returns it. */
    String readText(String text) throws IOException {
        return new String(read(text.getBytes(StandardCharsets.UTF_8).length), StandardCharsets.UTF_8);
    }

    /** Reads one line ending in {@code \n}, without it. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = this.in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8).replaceAll("\r$", "");
    }

    /** Reads until end of stream. */
    byte[] readToEnd() throws IOException {
        return this.in.readAllBytes();
    }

    int readByte() throws IOException {
        return this.in.read();
    }

    /** Closes with RST instead of FIN. */
    void reset() throws IOException {
        this.socket.setSoLinger(true, 0);
        this.socket.close();
    }

    @Override
    public void close() throws IOException {
        this.socket.close();
    }
}
