package net.mwan3.probe;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * mwan3's {@code nping-tcp} without nping: a TCP connect per attempt to the target's port (80 by
 * default, nping's default). As in nping, any answer counts: an accepted connection (SYN/ACK) or a
 * refusal (RST) both prove the host and the path are alive, with the RTT of the handshake.
 * Silence until the deadline, or an ICMP error from the path, is a lost attempt. The connection is
 * closed as soon as it is established. mwan3 calls the probe good only when nothing was lost
 * ({@link ProbeResult#allReplied()}); that choice is the tracker's, not this class's.
 */
public final class TcpProber implements Prober {
    public static final int DEFAULT_PORT = 80;

    private final ProbeEventLoop loop;
    private final int port;
    private final AttemptSeries series;

    public TcpProber(ProbeEventLoop loop) {
        this(loop, DEFAULT_PORT);
    }

    public TcpProber(ProbeEventLoop loop, int port) {
        this.loop = loop;
        this.port = port;
        this.series = new AttemptSeries(loop, this::attempt);
    }

    @Override
    public CompletableFuture<ProbeResult> probe(ProbeTarget target) {
        return series.run(target);
    }

    private CompletableFuture<Outcome> attempt(InetAddress addr, ProbeTarget target) {
        CompletableFuture<Outcome> out = new CompletableFuture<>();
        long t0 = System.nanoTime();
        Channel ch = loop.newSocketChannel(addr instanceof Inet6Address);
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter());
        out.whenComplete((o, e) -> ch.close());
        loop.register(ch, SocketBinding.of(target)).whenComplete((c, err) -> {
            if (err != null) {
                out.complete(Outcome.notSent(err.getMessage()));
                return;
            }
            connect(ch, addr, port, target.source()).addListener(f -> {
                long rtt = System.nanoTime() - t0;
                if (f.isSuccess()) {
                    out.complete(Outcome.replied(rtt));
                    return;
                }
                switch (ConnectFailure.classify(f.cause())) {
                    case REFUSED -> out.complete(Outcome.replied(rtt));
                    case LOCAL -> out.complete(Outcome.notSent(f.cause().getMessage()));
                    default -> out.complete(Outcome.lost(f.cause().getMessage()));
                }
            });
        });
        return out;
    }

    /** Connects, first binding the WAN's source address if one is given. */
    static ChannelFuture connect(Channel ch, InetAddress addr, int port, InetAddress source) {
        InetSocketAddress remote = new InetSocketAddress(addr, port);
        return source == null ? ch.connect(remote) : ch.connect(remote, new InetSocketAddress(source, 0));
    }

    /** The shared event loop is not the prober's to close. */
    @Override
    public void close() {
        // Nothing owned: connections close with their attempts.
    }
}
