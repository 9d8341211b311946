package io.untwisted.demo.redis;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code demo.redis.*}: the limits of the demo Redis server. Its port is {@code demo.redis.port}
 * (6380), read by the {@code @SocketServer} annotation of {@link RedisServer}.
 *
 * @param maxBulkLength    the longest argument a client may send, in bytes
 * @param maxArraySize     the most arguments in one request
 * @param maxInlineLength  the longest inline request or header line, in bytes
 * @param maxRequestLength the most argument bytes in one request
 * @param maxKeys          the most keys the store holds before answering {@code -OOM}
 */
@ConfigurationProperties("demo.redis")
public record RedisProperties(
        @DefaultValue("1048576") int maxBulkLength,
        @DefaultValue("65536") int maxArraySize,
        @DefaultValue("65536") int maxInlineLength,
        @DefaultValue("16777216") long maxRequestLength,
        @DefaultValue("1000000") int maxKeys) {

    /** The parser limits these properties describe. */
    public RespLimits limits() {
        return new RespLimits(this.maxBulkLength, this.maxArraySize, this.maxInlineLength, this.maxRequestLength);
    }
}
