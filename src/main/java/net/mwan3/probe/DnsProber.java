package net.mwan3.probe;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryEncoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsSection;

/**
 * mwan3's {@code nslookup}: the target is used as a DNS server and asked for a name
 * ({@code www.google.com} by default, as mwan3 hard-codes) over UDP. Any well-formed response with
 * the query's id counts, whatever its rcode: a server that answers NXDOMAIN or REFUSED is still
 * reachable through the WAN. Responses that fail to decode are ignored, not counted.
 */
public final class DnsProber implements Prober {
    private static final System.Logger LOG = System.getLogger(DnsProber.class.getName());
    public static final String DEFAULT_NAME = "www.google.com";

    private final ProbeEventLoop loop;
    private final String name;
    private final int port;
    private final AttemptSeries series;

    public DnsProber(ProbeEventLoop loop) {
        this(loop, DEFAULT_NAME, 53);
    }

    public DnsProber(ProbeEventLoop loop, String name, int port) {
        this.loop = loop;
        this.name = name;
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
        int id = ThreadLocalRandom.current().nextInt(0x10000);
        InetSocketAddress server = new InetSocketAddress(addr, port);
        Channel ch = loop.newDatagramChannel(addr instanceof Inet6Address);
        ch.pipeline().addLast(new DatagramDnsQueryEncoder(), new DatagramDnsResponseDecoder(),
                new AnswerHandler(out, id, t0));
        out.whenComplete((o, e) -> ch.close());
        loop.register(ch, SocketBinding.of(target)).whenComplete((c, err) -> {
            if (err != null) {
                out.complete(Outcome.notSent(err.getMessage()));
                return;
            }
            TcpProber.connect(ch, addr, port, target.source()).addListener(f -> {
                if (!f.isSuccess()) {
                    out.complete(Outcome.notSent(f.cause().getMessage()));
                    return;
                }
                DatagramDnsQuery q = new DatagramDnsQuery(null, server, id);
                q.setRecursionDesired(true).addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(name, DnsRecordType.A));
                ch.writeAndFlush(q).addListener(w -> {
                    if (!w.isSuccess()) {
                        out.complete(Outcome.notSent(w.cause().getMessage()));
                    }
                });
            });
        });
        return out;
    }

    /** Completes the attempt on the first decoded response carrying our id. */
    private static final class AnswerHandler extends SimpleChannelInboundHandler<DatagramDnsResponse> {
        private final CompletableFuture<Outcome> out;
        private final int id;
        private final long t0;

        AnswerHandler(CompletableFuture<Outcome> out, int id, long t0) {
            this.out = out;
            this.id = id;
            this.t0 = t0;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsResponse msg) {
            if (msg.id() == id) {
                out.complete(Outcome.replied(System.nanoTime() - t0));
            }
        }

        /** Port unreachable means no DNS server there; a malformed datagram is just not an answer. */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof PortUnreachableException) {
                out.complete(Outcome.lost("port unreachable"));
            } else {
                LOG.log(System.Logger.Level.DEBUG, "ignoring undecodable DNS datagram: {0}", cause.getMessage());
            }
        }
    }

    @Override
    public void close() {
        // Nothing owned: channels close with their attempts, the loop is shared.
    }
}
