package dev.skiff.remoting.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Event-loop groups for server and client. NIO: the native epoll transport is not on the class
 * path, and NIO on Linux already uses epoll underneath.
 */
final class Transport {

    private Transport() {}

    static EventLoopGroup group(String name, int threads) {
        return new MultiThreadIoEventLoopGroup(
                threads, new DefaultThreadFactory(name, true), NioIoHandler.newFactory());
    }

    /** Shuts the group down with no quiet period and waits at most {@code maxMs}. */
    static void shutdown(EventLoopGroup group, long maxMs) {
        Future<?> done = group.shutdownGracefully(0, maxMs, TimeUnit.MILLISECONDS);
        done.awaitUninterruptibly(maxMs + 500);
    }
}
