package io.untwisted.bench.jmh;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SelectionKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.untwisted.demo.redis.RedisCommands;
import io.untwisted.demo.redis.RedisProperties;
import io.untwisted.demo.redis.RedisServer;
import io.untwisted.demo.redis.RedisStore;
import io.untwisted.demo.redis.RespRequest;
import io.untwisted.demo.redis.RespSplitter;
import io.untwisted.net.SuperServer;
import io.untwisted.net.SuperSocket;
import io.untwisted.spring.annotation.OnEvent;
import io.untwisted.spring.binding.HandlerMethodBinding;
import io.untwisted.spring.context.BenchHandlers;
import io.untwisted.spring.context.HandlerInstrumentation;
import io.untwisted.spring.context.ServerInstrumentation;
import io.untwisted.spring.metrics.MicrometerInstrumentation;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The demo Redis server's whole per-request path without the kernel's socket work, as the load
 * generator drives it: one read carrying {@code pipeline} multibulk {@code SET loadgen:key <16 bytes>}
 * or {@code GET loadgen:key} requests, {@code LOAD}, the RESP splitter, one {@code resp.found}
 * per request to {@link RedisServer#request} bound by the starter (with or without its Micrometer
 * instrumentation), the commands on the store, the replies dumped, and the reactor turn that
 * flushes them with one write. Run it with {@code -prof gc}: {@code gc.alloc.rate.norm} divided
 * by {@code pipeline} is the bytes allocated per request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RedisPathBench {

    static final String KEY = "loadgen:key";
    static final String VALUE = "xxxxxxxxxxxxxxxx";

    @Param({"set", "get"})
    public String command;

    @Param({"1", "16"})
    public int pipeline;

    @Param({"off", "on"})
    public String metrics;

    private ScriptedTransport transport;
    private OnReactor<Void> bench;

    @Setup(Level.Trial)
    public void setup() {
        byte[] request = request(this.command).getBytes(StandardCharsets.US_ASCII);
        int chunk = request.length * this.pipeline;
        byte[] stream = new byte[chunk * 256];
        for (int i = 0; i < stream.length; i += request.length) {
            System.arraycopy(request, 0, stream, i, request.length);
        }
        this.transport = new ScriptedTransport(stream, new int[] {chunk});
        RedisProperties properties = new RedisProperties(1048576, 65536, 65536, 16777216, 1000000);
        RedisStore store = new RedisStore(Clock.systemUTC(), properties.maxKeys());
        RedisCommands commands = new RedisCommands(store);
        commands.execute(RespRequest.of("SET", KEY, VALUE));
        RedisServer server = new RedisServer(commands, properties);
        this.bench = new OnReactor<>(this.transport, socket -> {
            bind(socket, server, properties, "on".equals(this.metrics));
            return null;
        });
    }

    static String request(String command) {
        return "set".equals(command)
                ? "*3\r\n$3\r\nSET\r\n$" + KEY.length() + "\r\n" + KEY + "\r\n$" + VALUE.length() + "\r\n" + VALUE + "\r\n"
                : "*2\r\n$3\r\nGET\r\n$" + KEY.length() + "\r\n" + KEY + "\r\n";
    }

    /** Installs the splitter as {@code RedisServer.accept} does and binds {@code request} as the starter does. */
    private static void bind(SuperSocket socket, RedisServer server, RedisProperties properties, boolean metered) {
        try {
            Method method = RedisServer.class.getMethod("request", SuperSocket.class, RespRequest.class);
            HandlerMethodBinding binding = HandlerMethodBinding.create("redis", "redisServer", server, method,
                    method.getAnnotation(OnEvent.class));
            HandlerInstrumentation instrumentation = HandlerInstrumentation.NONE;
            if (metered) {
                SuperServer listener = SuperServer.bind(socket.reactor(),
                        new java.net.InetSocketAddress("127.0.0.1", 0));
                ServerInstrumentation chain = new MicrometerInstrumentation(new SimpleMeterRegistry())
                        .server("redis", listener, List.of(binding));
                socket.observer(chain.observer());
                instrumentation = chain.handler(binding, HandlerInstrumentation.NONE);
            }
            RespSplitter.install(socket, properties.limits());
            socket.on(RespSplitter.FOUND, BenchHandlers.bound(binding, instrumentation, socket.reactor()));
        }
        catch (ReflectiveOperationException | java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        this.bench.close();
    }

    /** One read of {@code pipeline} requests, their replies, and the flush. */
    @Benchmark
    public long requests() throws Exception {
        OnReactor<Void> on = this.bench.ensure();
        SuperSocket socket = on.socket();
        if (this.transport.exhausted()) {
            this.transport.rewind();
        }
        socket.ready(SelectionKey.OP_READ);
        on.reactor().runOnce(Duration.ZERO);
        return this.transport.written();
    }
}
