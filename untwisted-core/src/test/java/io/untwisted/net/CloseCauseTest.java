package io.untwisted.net;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import io.untwisted.event.HandlerFailure;
import io.untwisted.net.tls.TlsHandshakeTimeoutException;
import io.untwisted.net.tls.TlsTruncationException;
import io.untwisted.split.FrameTooLongException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class CloseCauseTest {

    @Test
    void shouldClassifyEachKnownFailure() {
        assertThat(CloseCause.of(CloseReason.PEER, null)).isEqualTo(CloseCause.NONE);
        assertThat(CloseCause.of(CloseReason.ERROR, new HandlerFailure("load", new Object[0], e -> { },
                new IOException("a handler's own I/O")))).isEqualTo(CloseCause.HANDLER_ERROR);
        assertThat(CloseCause.of(CloseReason.ERROR, new FrameTooLongException(70_000, 65_536)))
                .isEqualTo(CloseCause.FRAME_TOO_LONG);
        assertThat(CloseCause.of(CloseReason.ERROR, new WriteQueueOverflowException(10, 5)))
                .isEqualTo(CloseCause.WRITE_LIMIT);
        assertThat(CloseCause.of(CloseReason.ERROR, new SocketException("Connection reset")))
                .isEqualTo(CloseCause.RESET);
        assertThat(CloseCause.of(CloseReason.ERROR, new IOException("Connection reset by peer")))
                .isEqualTo(CloseCause.RESET);
        assertThat(CloseCause.of(CloseReason.ERROR, new IOException("Broken pipe"))).isEqualTo(CloseCause.RESET);
        assertThat(CloseCause.of(CloseReason.ERROR, new EOFException())).isEqualTo(CloseCause.IO_ERROR);
        assertThat(CloseCause.of(CloseReason.ERROR, new SSLHandshakeException("no cipher suites in common")))
                .isEqualTo(CloseCause.TLS_HANDSHAKE);
        assertThat(CloseCause.of(CloseReason.ERROR, new TlsHandshakeTimeoutException(Duration.ofMillis(500))))
                .isEqualTo(CloseCause.TLS_HANDSHAKE_TIMEOUT);
        assertThat(CloseCause.of(CloseReason.PEER, new TlsTruncationException("no close_notify")))
                .isEqualTo(CloseCause.TLS_TRUNCATED);
        assertThat(CloseCause.of(CloseReason.ERROR, new SSLException("bad record MAC"))).isEqualTo(CloseCause.TLS_ERROR);
        assertThat(CloseCause.of(CloseReason.ERROR, new SocketTimeoutException("connect timed out")))
                .isEqualTo(CloseCause.TIMEOUT);
        assertThat(CloseCause.of(CloseReason.ERROR, new IllegalStateException("?"))).isEqualTo(CloseCause.OTHER);
    }

    /**
     * The splitters' malformed-frame exception is recognised by its class name, so that a close
     * cause exists for it whether or not this build has the class: the test compiles a stand-in of
     * that name in a class loader of its own.
     */
    @Test
    void shouldClassifyAMalformedFrameByItsClassName(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("io/untwisted/split/MalformedFrameException.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "package io.untwisted.split;\n"
                + "public class MalformedFrameException extends java.io.IOException {\n"
                + "    public MalformedFrameException(String message) { super(message); }\n}\n");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertThat(compiler.run(null, null, null, "-d", dir.toString(), source.toString())).isZero();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Throwable malformed = (Throwable) loader.loadClass("io.untwisted.split.MalformedFrameException")
                    .getConstructor(String.class).newInstance("length field says -1");

            assertThat(CloseCause.of(CloseReason.ERROR, malformed)).isEqualTo(CloseCause.PROTOCOL_ERROR);
        }
    }

    @Test
    void shouldLookThroughWrappers() {
        assertThat(CloseCause.of(CloseReason.ERROR, new UncheckedIOException(new SocketException("Connection reset"))))
                .isEqualTo(CloseCause.RESET);
    }

    @Test
    void shouldGiveBoundedLowerCaseTagValues() {
        Set<String> tags = Arrays.stream(CloseCause.values()).map(CloseCause::tagValue).collect(Collectors.toSet());
        assertThat(tags).hasSize(CloseCause.values().length).allMatch(tag -> tag.matches("[a-z_]+"))
                .contains("none", "frame_too_long", "protocol_error", "write_limit", "reset", "io_error",
                        "handler_error", "tls_handshake", "tls_handshake_timeout", "tls_truncated", "timeout", "other");
    }
}
