package io.untwisted.demo.redis;

import static io.untwisted.event.Events.ACCEPT;

import io.untwisted.net.SuperSocket;
import io.untwisted.spring.annotation.OnEvent;
import io.untwisted.spring.annotation.SocketServer;

/**
 * A small Redis server (RESP2) on {@code demo.redis.port} (6380): every connection gets a
 * {@link RespSplitter}, each request it finds is run by {@link RedisCommands} and answered in
 * order, so pipelining works. {@code redis-cli} and {@code redis-benchmark} talk to it unchanged.
 */
@SocketServer(name = "redis", port = "${demo.redis.port:6380}")
public class RedisServer {

    private final RedisCommands commands;
    private final RespLimits limits;
    /** Each reactor thread's reply buffer: a request is answered on its connection's reactor thread. */
    private final ThreadLocal<RespOutput> outputs = ThreadLocal.withInitial(RespOutput::new);

    /** Creates the handlers over the shared command table. */
    public RedisServer(RedisCommands commands, RedisProperties properties) {
        this.commands = commands;
        this.limits = properties.limits();
    }

    /** Installs the RESP splitter on a new connection. */
    @OnEvent(ACCEPT)
    public void accept(SuperSocket client) {
        RespSplitter.install(client, this.limits);
    }

    /** Runs one request and queues its reply; {@code QUIT} closes once the reply is sent. */
    @OnEvent(RespSplitter.FOUND)
    public void request(SuperSocket client, RespRequest request) {
        RespOutput out = this.outputs.get();
        out.start(client);
        boolean close;
        try {
            close = this.commands.execute(request, out);
        }
        finally {
            out.finish();
        }
        if (close) {
            RespSplitter.stop(client);
            client.close();
        }
    }

    /** Answers a protocol error as Redis does; the splitter then closes the connection. */
    @OnEvent(RespSplitter.INVALID)
    public void invalid(SuperSocket client, Throwable cause) {
        client.dump(RespReply.error("ERR Protocol error: " + cause.getMessage()));
    }
}
