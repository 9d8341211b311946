package io.untwisted.bench.servers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The peer: Netty's canonical echo server (write on read, flush on read complete) with one
 * boss and one worker event loop, on the NIO transport or on native epoll.
 *
 * <p>Run: {@code java -cp benchmarks.jar io.untwisted.bench.servers.NettyEchoServer nio|epoll PORT}.
 * Netty's defaults are kept (allocator, TCP_NODELAY on, backlog {@code somaxconn}).
 */
public final class NettyEchoServer {

    private NettyEchoServer() {
    }

    /** Netty's example {@code EchoServerHandler}. */
    @Sharable
    static final class EchoHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    public static void main(String[] args) throws Exception {
        String transport = args.length > 0 ? args[0] : "nio";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 7102;
        IoHandlerFactory factory;
        Class<? extends ServerChannel> channelType;
        switch (transport) {
            case "nio" -> {
                factory = NioIoHandler.newFactory();
                channelType = NioServerSocketChannel.class;
            }
            case "epoll" -> {
                Epoll.ensureAvailability();
                factory = EpollIoHandler.newFactory();
                channelType = EpollServerSocketChannel.class;
            }
            default -> throw new IllegalArgumentException("transport must be nio or epoll: " + transport);
        }
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, factory);
        EventLoopGroup worker = new MultiThreadIoEventLoopGroup(1, factory);
        EchoHandler handler = new EchoHandler();
        Channel channel = new ServerBootstrap()
                .group(boss, worker)
                .channel(channelType)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(handler)
                .bind("127.0.0.1", port).sync().channel();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            channel.close().syncUninterruptibly();
            boss.shutdownGracefully();
            worker.shutdownGracefully();
        }, "shutdown"));
        ServerMain.ready("netty-" + transport + " echo", port);
        channel.closeFuture().sync();
    }
}
