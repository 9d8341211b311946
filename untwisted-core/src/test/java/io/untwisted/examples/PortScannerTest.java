package io.untwisted.examples;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.untwisted.reactor.Reactor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scans a small loopback range that the test owns: ports below the kernel's ephemeral range, so
 * that no other test's port-0 server is in it, bound by the test and then partly released.
 */
class PortScannerTest {

    private static final int RANGE = 8;

    private final Reactor reactor = new Reactor("scanner");
    private final List<ServerSocket> held = new ArrayList<>();

    @BeforeEach
    void start() {
        this.reactor.start();
    }

    @AfterEach
    void stop() throws IOException {
        this.reactor.close();
        for (ServerSocket socket : this.held) {
            socket.close();
        }
    }

    @Test
    void findsTheListeningPortsOfALoopbackRange() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int base = bindRange(loopback);
        SortedSet<Integer> open = new TreeSet<>();
        for (int i = 0; i < RANGE; i++) {
            if (i % 3 == 0) {
                open.add(base + i);
            }
            else {
                this.held.get(i).close();
            }
        }

        SortedSet<Integer> found = PortScanner.scan(this.reactor, loopback, base, base + RANGE - 1, Duration.ofSeconds(10))
                .get(30, TimeUnit.SECONDS);

        assertThat(found).isEqualTo(open);
    }

    /** Binds {@value #RANGE} consecutive free ports between 20000 and 30000 and returns the first. */
    private int bindRange(InetAddress loopback) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = 20_000 + ThreadLocalRandom.current().nextInt(10_000 - RANGE);
            try {
                for (int i = 0; i < RANGE; i++) {
                    ServerSocket socket = new ServerSocket();
                    this.held.add(socket);
                    socket.bind(new InetSocketAddress(loopback, base + i), 8);
                }
                return base;
            }
            catch (IOException taken) {
                for (ServerSocket socket : this.held) {
                    socket.close();
                }
                this.held.clear();
            }
        }
        throw new IOException("no " + RANGE + " consecutive free ports between 20000 and 30000");
    }
}
