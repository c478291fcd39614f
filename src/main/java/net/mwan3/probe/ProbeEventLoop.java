package net.mwan3.probe;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.UnixChannel;

/**
 * The one Netty event loop shared by the TCP, HTTP and DNS probers. Epoll is used where it loads
 * because its channels expose the file descriptor, which is how SO_BINDTODEVICE and SO_MARK get
 * set (Netty has options for neither); on NIO only unbound, unmarked probes can run.
 *
 * <p>Channels are created on the loop thread, never the caller's: a socket belongs to the network
 * namespace of the thread that creates it, and the loop thread is the one the factory placed.
 */
public final class ProbeEventLoop implements AutoCloseable {
    private final EventLoopGroup group;
    private final boolean epoll;

    public ProbeEventLoop() {
        this(r -> new Thread(r, "mwan3-probe-loop"));
    }

    public ProbeEventLoop(ThreadFactory threads) {
        epoll = Epoll.isAvailable();
        group = epoll ? new EpollEventLoopGroup(1, threads) : new NioEventLoopGroup(1, threads);
        // Start the thread now: a factory that fails (setns) must fail here, not hang every probe.
        if (!group.submit(() -> { }).awaitUninterruptibly(5, TimeUnit.SECONDS)) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException("probe event loop thread did not start");
        }
    }

    /** Whether the epoll transport loaded (and with it device binding and marks). */
    public boolean epoll() {
        return epoll;
    }

    EventLoop loop() {
        return group.next();
    }

    Channel newSocketChannel(boolean v6) {
        InternetProtocolFamily f = v6 ? InternetProtocolFamily.IPv6 : InternetProtocolFamily.IPv4;
        return epoll ? new EpollSocketChannel(f) : new NioSocketChannel();
    }

    Channel newDatagramChannel(boolean v6) {
        InternetProtocolFamily f = v6 ? InternetProtocolFamily.IPv6 : InternetProtocolFamily.IPv4;
        return epoll ? new EpollDatagramChannel(f) : new NioDatagramChannel(f);
    }

    /**
     * Registers {@code ch} with the loop and applies device and mark to its socket before anything
     * is sent. Must be called on the loop thread, right after creating the channel there.
     */
    CompletableFuture<Channel> register(Channel ch, SocketBinding binding) {
        CompletableFuture<Channel> done = new CompletableFuture<>();
        loop().register(ch).addListener(f -> {
            if (!f.isSuccess()) {
                done.completeExceptionally(new ProbeSetupException("register: " + f.cause()));
                return;
            }
            try {
                applyOptions(ch, binding);
                done.complete(ch);
            } catch (ProbeSetupException e) {
                ch.close();
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private static void applyOptions(Channel ch, SocketBinding binding) {
        boolean needsFd = (binding.device() != null && !binding.device().isEmpty()) || binding.mark() != 0;
        if (!needsFd) {
            return;
        }
        if (!(ch instanceof UnixChannel)) {
            throw new ProbeSetupException("device binding and marks need the epoll transport");
        }
        binding.applyOptions(((UnixChannel) ch).fd().intValue());
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
