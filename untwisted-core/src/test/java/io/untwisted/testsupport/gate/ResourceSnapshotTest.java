package io.untwisted.testsupport.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The gate's own test: it must see an fd or a thread that a test leaves behind. */
@Timeout(10)
class ResourceSnapshotTest {

    @Test
    void seesAnOpenSocketAsAnExtraFd() throws Exception {
        ResourceSnapshot baseline = ResourceSnapshot.take();
        try (ServerSocketChannel leaked = ServerSocketChannel.open()) {
            leaked.bind(new InetSocketAddress("127.0.0.1", 0));
            ResourceSnapshot now = ResourceSnapshot.take();
            assertThat(now.fdCount()).isGreaterThan(baseline.fdCount());
            assertThat(now.extraFds(baseline)).anyMatch(fd -> fd.contains("socket:"));
        }
        ResourceSnapshot after = ResourceSnapshot.take();
        assertThat(after.fdCount()).as("extra: %s", after.extraFds(baseline)).isLessThanOrEqualTo(baseline.fdCount());
    }

    @Test
    void seesANewThreadButNotTheJvmsOwn() throws Exception {
        ResourceSnapshot baseline = ResourceSnapshot.take();
        CountDownLatch release = new CountDownLatch(1);
        Thread worker = new Thread(() -> awaitQuietly(release), "leaky-worker");
        worker.start();
        try {
            assertThat(ResourceSnapshot.take().extraThreads(baseline)).containsExactly("'leaky-worker'");
        }
        finally {
            release.countDown();
            worker.join();
        }
        assertThat(ResourceSnapshot.take().extraThreads(baseline)).isEmpty();
    }

    @Test
    void aCachedSpringContextIsRecognisedThroughMetaAnnotations() {
        assertThat(ResourceGate.keepsSharedContext(ResourceSnapshotTest.class)).isFalse();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
