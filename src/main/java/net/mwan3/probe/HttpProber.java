package net.mwan3.probe;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.SSLException;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

/**
 * mwan3's {@code httping}: an HTTP HEAD to {@code http(s)://target/} per attempt, any HTTP
 * response (whatever its status) counting as an answer, the RTT measured from connect to the
 * response head, as httping does. HTTPS trusts any certificate: targets are IP addresses, and the
 * question is whether the WAN carries traffic, not whom to trust.
 */
public final class HttpProber implements Prober {
    private final ProbeEventLoop loop;
    private final boolean https;
    private final int port;
    private final SslContext tls;
    private final AttemptSeries series;

    public HttpProber(ProbeEventLoop loop, boolean https) {
        this(loop, https, https ? 443 : 80);
    }

    public HttpProber(ProbeEventLoop loop, boolean https, int port) {
        this.loop = loop;
        this.https = https;
        this.port = port;
        try {
            this.tls = https ? SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build() : null;
        } catch (SSLException e) {
            throw new IllegalStateException("TLS client context: " + e.getMessage(), e);
        }
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
        if (tls != null) {
            ch.pipeline().addLast(tls.newHandler(ch.alloc(), addr.getHostAddress(), port));
        }
        ch.pipeline().addLast(new HttpClientCodec(), new ResponseHandler(out, t0));
        out.whenComplete((o, e) -> ch.close());
        loop.register(ch, SocketBinding.of(target)).whenComplete((c, err) -> {
            if (err != null) {
                out.complete(Outcome.notSent(err.getMessage()));
                return;
            }
            TcpProber.connect(ch, addr, port, target.source()).addListener(f -> {
                if (f.isSuccess()) {
                    ch.writeAndFlush(request(addr));
                } else if (ConnectFailure.classify(f.cause()) == ConnectFailure.LOCAL) {
                    out.complete(Outcome.notSent(f.cause().getMessage()));
                } else {
                    out.complete(Outcome.lost(f.cause().getMessage()));
                }
            });
        });
        return out;
    }

    private DefaultFullHttpRequest request(InetAddress addr) {
        String host = addr instanceof Inet6Address ? "[" + addr.getHostAddress() + "]" : addr.getHostAddress();
        boolean defaultPort = port == (https ? 443 : 80);
        DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.HEAD, "/");
        req.headers().set(HttpHeaderNames.HOST, defaultPort ? host : host + ":" + port)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set(HttpHeaderNames.USER_AGENT, "mwan3-jvm");
        return req;
    }

    /** Completes the attempt on the first response head; a broken exchange is a lost attempt. */
    private static final class ResponseHandler extends SimpleChannelInboundHandler<HttpObject> {
        private final CompletableFuture<Outcome> out;
        private final long t0;

        ResponseHandler(CompletableFuture<Outcome> out, long t0) {
            this.out = out;
            this.t0 = t0;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpResponse && ((HttpResponse) msg).decoderResult().isSuccess()) {
                out.complete(Outcome.replied(System.nanoTime() - t0));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            out.complete(Outcome.lost(String.valueOf(cause.getMessage())));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            out.complete(Outcome.lost("connection closed before a response"));
        }
    }

    @Override
    public void close() {
        // Nothing owned: connections close with their attempts, the loop is shared.
    }
}
