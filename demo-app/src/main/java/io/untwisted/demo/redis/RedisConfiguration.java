package io.untwisted.demo.redis;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The demo Redis server's keyspace and command table, one of each for all its connections. */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

    @Bean
    RedisStore redisStore(RedisProperties properties, ObjectProvider<Clock> clock) {
        return new RedisStore(clock.getIfAvailable(Clock::systemUTC), properties.maxKeys());
    }

    @Bean
    RedisCommands redisCommands(RedisStore redisStore) {
        return new RedisCommands(redisStore);
    }
}
