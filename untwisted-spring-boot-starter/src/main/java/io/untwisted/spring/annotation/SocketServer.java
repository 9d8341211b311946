package io.untwisted.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.stereotype.Component;

/**
 * Declares a bean as (part of) the handlers of one listening TCP server, bound when the
 * application context starts. Several beans may name the same server.
 *
 * <p>Every attribute can be overridden by {@code untwisted.servers.<name>.*} properties. When
 * several beans name the same server, an attribute left at its default by one bean takes the
 * value another bean gives it; two different non-default values fail startup.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface SocketServer {

    /** The server's name: the {@code server} tag of its meters and its properties' key. */
    String name();

    /** The port to listen on; placeholders such as {@code ${demo.chat.port:7002}} are resolved. 0 picks a free port. */
    String port() default "0";

    /** The address to listen on; empty for every interface. Placeholders are resolved. */
    String host() default "";

    /** The listen backlog; 0 for core's default of 1024 (the kernel caps it at {@code net.core.somaxconn}). */
    int backlog() default 0;

    /**
     * Splits each connection's bytes at this delimiter and drives {@code Terminator.FOUND} with
     * each frame; empty for no framing (handlers see {@code LOAD}).
     */
    String delimiter() default "";

    /** The largest frame the server's splitter accepts, in bytes. */
    int maxFrameLength() default 64 * 1024;

    /**
     * How long a connection may see no traffic before {@code IDLE} is driven and it is closed,
     * as a duration such as {@code 30s} or {@code 5m}; placeholders are resolved. Empty for no
     * idle timeout.
     */
    String idleTimeout() default "";

    /** How many connections may be open at once; extra ones are closed at once. 0 for no limit but the fd limit minus 32. */
    int maxConnections() default 0;

    /**
     * Pause reading a connection above this many queued outbound bytes, as a size such as
     * {@code 64KB}; empty for the default (64 KiB).
     */
    String writeHighWatermark() default "";

    /** Resume reading at or below this many queued outbound bytes; empty for the default (32 KiB). */
    String writeLowWatermark() default "";

    /** Close a connection above this many queued outbound bytes; empty for the default (64 MiB). */
    String writeLimit() default "";

    /** What happens to a connection after one of its handlers fails. */
    ErrorPolicy onError() default ErrorPolicy.CLOSE;
}
