package net.mwan3.tunnel.io;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import net.mwan3.config.InterfaceConfig;
import net.mwan3.config.Mwan3Config;
import net.mwan3.config.TunnelConfig;
import net.mwan3.config.TunnelRole;
import net.mwan3.kernel.CommandRunner;
import net.mwan3.tunnel.RelayKeys;
import net.mwan3.tunnel.TunnelStatus;

/**
 * One tunnel, supervised: its WireGuard device (set up once) and its relay {@link TunnelEndpoint}. When the
 * relay's event loop fails with an exception, that is logged and counted ({@code restarts}) and the relay is
 * rebuilt after {@link #RESTART_DELAY_MS} on a thread of its own; the WireGuard device and its session stay, and
 * nothing reaches the daemon. What mwan3's tracker said of the WANs, and the carrier callback, carry over.
 */
public final class TunnelRunner implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("mwan3d");
    static final long RESTART_DELAY_MS = 1000;
    private final Mwan3Config config;
    private final TunnelConfig tunnel;
    private final Path stateDir;
    private final WireGuardDevice wg;
    private final TunnelCounters counters = new TunnelCounters();
    private final Map<String, Boolean> wanStates = new ConcurrentHashMap<>();
    private volatile Runnable onCarrierChange = () -> { };
    private volatile TunnelEndpoint endpoint;
    private volatile boolean closed;

    private TunnelRunner(Mwan3Config config, TunnelConfig tunnel, Path stateDir, WireGuardDevice wg) {
        this.config = config;
        this.tunnel = tunnel;
        this.stateDir = stateDir;
        this.wg = wg;
    }

    /** Sets up WireGuard (managed or external) and starts the relay. */
    public static TunnelRunner open(Mwan3Config config, TunnelConfig t, Path stateDir, CommandRunner run)
            throws UnknownHostException {
        WireGuardDevice wg;
        if (t.external()) {
            wg = WireGuardDevice.external(t.device(), run);
        } else {
            byte[] psk = RelayKeys.fromBase64(t.key()).wireguardPsk;
            String endpoint = t.role() == TunnelRole.CLIENT ? "127.0.0.1:" + t.localPort() : null;
            wg = WireGuardDevice.managed(new WireGuardDevice.Settings(t.device(), t.privateKey(), t.peerPublicKey(),
                    psk, t.address(), t.mtu(), endpoint, t.localPort() + 1), stateDir, run);
        }
        TunnelRunner r = new TunnelRunner(config, t, stateDir, wg);
        try {
            r.endpoint = r.build();
            r.startEndpoint();
            wg.up();
            return r;
        } catch (RuntimeException | UnknownHostException e) {
            if (r.endpoint != null) {
                r.endpoint.close();
            }
            wg.close();
            throw e;
        }
    }

    private TunnelEndpoint build() throws UnknownHostException {
        if (tunnel.role() == TunnelRole.SERVER) {
            return TunnelEndpoint.server(tunnel, wg, tunnel.localPort(), stateDir, hostPort(tunnel.listen()), counters);
        }
        return TunnelEndpoint.client(tunnel, wg, tunnel.localPort(), stateDir, clientPaths(config, tunnel), counters);
    }

    private void startEndpoint() {
        TunnelEndpoint e = endpoint;
        wanStates.forEach(e::setWanUsable);
        e.onCarrierChange(() -> onCarrierChange.run());
        e.start(this::failed);
    }

    /** The event loop died: count, log, and rebuild the relay in a moment (never on the failed thread's stack). */
    private void failed(Throwable t) {
        counters.restarts.incrementAndGet();
        LOG.log(Level.WARNING, "tunnel " + tunnel.name() + ": relay failed, restarting in " + RESTART_DELAY_MS
                + " ms", t);
        Thread restart = new Thread(() -> {
            try {
                Thread.sleep(RESTART_DELAY_MS);
                restart();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tunnel-" + tunnel.name() + "-restart");
        restart.setDaemon(true);
        restart.start();
    }

    private synchronized void restart() {
        if (closed) {
            return;
        }
        TunnelEndpoint old = endpoint;
        old.close();
        boolean wasUp = old.carrier;
        try {
            endpoint = build();
            startEndpoint();
            if (wasUp) {
                onCarrierChange.run(); // the new relay starts without carrier
            }
            LOG.info(() -> "tunnel " + tunnel.name() + ": relay restarted");
        } catch (RuntimeException | UnknownHostException e) {
            failed(e);
        }
    }

    /** One path per (WAN, peer): the WAN's device and its mwan3 mark, so the path leaves by that WAN. */
    static List<TunnelEndpoint.ClientPath> clientPaths(Mwan3Config config, TunnelConfig t) throws UnknownHostException {
        List<TunnelEndpoint.ClientPath> out = new ArrayList<>();
        for (String wan : t.paths()) {
            InterfaceConfig iface = config.iface(wan).orElseThrow();
            int mark = (int) config.globals().mmxMask().interfaceMark(iface.id());
            for (String peer : t.peers()) {
                out.add(new TunnelEndpoint.ClientPath(wan, wan + "->" + peer, iface.device(), mark, hostPort(peer)));
            }
        }
        return out;
    }

    static InetSocketAddress hostPort(String s) throws UnknownHostException {
        int colon = s.lastIndexOf(':');
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(s.substring(colon + 1)));
    }

    /** Runs {@code r} (on the tunnel's thread) whenever the tunnel gains its first live path or loses its last. */
    public void onCarrierChange(Runnable r) {
        onCarrierChange = r;
    }

    /** mwan3's tracker says {@code wan} is (not) usable (see {@link TunnelEndpoint#setWanUsable}). */
    public void setWanUsable(String wan, boolean usable) {
        wanStates.put(wan, usable);
        endpoint.setWanUsable(wan, usable);
    }

    /** Whether a path is up: while none is, mwan3 holds the tunnel's interface down. */
    public boolean carrier() {
        return endpoint.carrier;
    }

    /** The WireGuard interface. */
    public String device() {
        return wg.name();
    }

    public TunnelStatus status() {
        TunnelEndpoint e = endpoint;
        long late = e.reorder == null ? 0 : e.reorderLate();
        long skipped = e.reorder == null ? 0 : e.reorderSkipped();
        return new TunnelStatus(tunnel.name(), tunnel.role().uci(), tunnel.mode().uci(), wg.name(),
                wg.implementation().word(), wg.latestHandshake(), "127.0.0.1:" + tunnel.localPort(), e.carrier,
                e.pathStatus(), counters.snapshot(), late, skipped);
    }

    @Override
    public synchronized void close() {
        closed = true;
        endpoint.close();
        wg.close();
    }
}
