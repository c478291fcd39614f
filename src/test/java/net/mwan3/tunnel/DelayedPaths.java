package net.mwan3.tunnel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

import net.mwan3.tunnel.UdpDelayRelay.Direction;

/**
 * The {@link TunnelLab}'s two paths delayed by a {@link UdpDelayRelay} in the server namespace. An nft DNAT in
 * srv's prerouting sends the tunnel's UDP arriving on {@code pN} (to 198.18.0.1:7000) to relay port 710N, and a
 * UDP echo probe arriving on {@code pN} (to 198.18.N.2:7007) to relay port 711N; both relay ports of a path share
 * its delay, so the echo measures the raw round trip of the very path the tunnel uses. Conntrack reverses the DNAT
 * on the way back, so the client sees its replies come from the address it sent to. Build this before
 * {@link TunnelLab#start()}: flows conntrack saw before the DNAT rule existed would bypass the relay.
 *
 * <p>{@link TunnelLab#cut} does not cut a relayed path (its input rule matches port 7000, which the DNAT has
 * already rewritten); relayed tests compare paths by delay, not by cutting them.
 */
public final class DelayedPaths implements AutoCloseable {
    static final String SERVER = "198.18.0.1";
    static final int ECHO_PORT = 7007;
    private final TunnelLab lab;
    private final UdpDelayRelay relay;
    private final UdpEcho echo;

    public DelayedPaths(TunnelLab lab, PathDelay p1, PathDelay p2) throws IOException {
        this.lab = lab;
        lab.netns.exec(lab.srv, "nft", "add", "table", "ip", "relay");
        lab.netns.exec(lab.srv, "nft", "add chain ip relay pre { type nat hook prerouting priority -100 ; }");
        relay = new UdpDelayRelay(lab.srv);
        UdpEcho started = null;
        try {
            started = UdpEcho.serve(lab.srv, new InetSocketAddress(SERVER, ECHO_PORT));
            PathDelay[] delays = {p1, p2};
            for (int n = 1; n <= 2; n++) {
                relay.path(name(n), delays[n - 1]);
                relay.forward(name(n), new InetSocketAddress(SERVER, 7100 + n), new InetSocketAddress(SERVER, 7000));
                relay.forward(name(n), new InetSocketAddress(SERVER, 7110 + n),
                        new InetSocketAddress(SERVER, ECHO_PORT));
                divert(name(n), SERVER, 7000, 7100 + n);
                divert(name(n), "198.18." + n + ".2", ECHO_PORT, 7110 + n);
            }
        } catch (IOException | RuntimeException e) {
            relay.close();
            if (started != null) {
                started.close();
            }
            throw e;
        }
        echo = started;
    }

    private static String name(int path) {
        return "p" + path;
    }

    private void divert(String dev, String daddr, int dport, int toPort) {
        lab.netns.exec(lab.srv, "nft", "add rule ip relay pre iifname " + dev + " ip daddr " + daddr + " udp dport "
                + dport + " counter dnat to " + SERVER + ":" + toPort);
    }

    /** Changes both paths' delays while traffic flows (each direction, one-way). */
    public void delays(PathDelay p1, PathDelay p2) {
        relay.delay(name(1), p1);
        relay.delay(name(2), p2);
    }

    /** Raw round trips of path {@code n} (ms, sorted): UDP echo from cli through the relay, no tunnel. */
    public List<Double> rawRtts(int n, int count, long intervalNanos) throws IOException {
        return UdpEcho.probe(lab.cli, new InetSocketAddress("198.18." + n + ".2", ECHO_PORT), count, intervalNanos);
    }

    /** Datagrams the relay forwarded on path {@code n} in direction {@code d} (tunnel and echo together). */
    public long forwarded(int n, Direction d) {
        return relay.forwarded(name(n), d);
    }

    public long relayErrors() {
        return relay.errors();
    }

    /** The DNAT rules with their packet counters, for a failure message. */
    public String rules() {
        return lab.netns.exec(lab.srv, "nft", "list", "table", "ip", "relay");
    }

    @Override
    public void close() {
        try {
            relay.close();
        } finally {
            echo.close();
        }
    }
}
