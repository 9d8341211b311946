package io.untwisted.demo.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A binary-safe key (or set member, or hash field): bytes compared by content. */
record RedisKey(byte[] bytes) {

    static RedisKey of(byte[] bytes) {
        return new RedisKey(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RedisKey key && Arrays.equals(this.bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(this.bytes);
    }

    @Override
    public String toString() {
        return new String(this.bytes, StandardCharsets.UTF_8);
    }
}
