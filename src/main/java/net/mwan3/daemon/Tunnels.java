package net.mwan3.daemon;

import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import net.mwan3.config.Mwan3Config;
import net.mwan3.config.TunnelConfig;
import net.mwan3.kernel.ProcessCommandRunner;
import net.mwan3.tunnel.TunnelStatus;
import net.mwan3.tunnel.io.TunnelRunner;

/**
 * The multipath tunnels of the config, run inside mwan3d (main thread only). Started once routing is applied,
 * so each path's mark already has its rule and table; rebuilt when their section changes on reload; closed on
 * stop. A tunnel that cannot start is logged and retried on the next reconcile. Each tunnel's WireGuard interface
 * is an ordinary link that may be an mwan3 interface: while none of its paths is up, {@link #carrier} says so and
 * the daemon holds that interface down itself (WireGuard has no carrier to lose); {@code linkChanged} makes the
 * daemon look at once.
 */
final class Tunnels implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("mwan3d");
    private final Map<String, Running> running = new LinkedHashMap<>();
    private Map<String, Boolean> wanStates = Map.of();
    private final Runnable linkChanged;
    private volatile Path stateDir = Path.of("/var/run/mwan3");

    /** {@code linkChanged}: called from a tunnel's thread when it gained its first live path or lost its last. */
    Tunnels(Runnable linkChanged) {
        this.linkChanged = linkChanged;
    }

    private record Running(TunnelConfig config, TunnelRunner runner) {
    }

    /** Where the relays keep their HELLO stamps and wireguard-go pids (mwan3d's --state-dir). */
    void stateDir(Path dir) {
        stateDir = dir;
    }

    /** Makes the running tunnels match the config. */
    void sync(Mwan3Config config) {
        Map<String, TunnelConfig> wanted = new LinkedHashMap<>();
        config.tunnels().forEach(t -> wanted.put(t.name(), t));
        running.entrySet().removeIf(e -> {
            if (e.getValue().config().equals(wanted.get(e.getKey()))) {
                return false;
            }
            LOG.info(() -> "tunnel " + e.getKey() + ": stopped");
            e.getValue().runner().close();
            return true;
        });
        for (TunnelConfig t : wanted.values()) {
            if (!running.containsKey(t.name())) {
                start(config, t);
            }
        }
    }

    private void start(Mwan3Config config, TunnelConfig t) {
        try {
            TunnelRunner r = TunnelRunner.open(config, t, stateDir, new ProcessCommandRunner());
            wanStates.forEach(r::setWanUsable);
            r.onCarrierChange(linkChanged);
            running.put(t.name(), new Running(t, r));
            LOG.info(() -> "tunnel " + t.name() + " (" + t.role() + ", " + t.mode() + ") relaying for " + r.device()
                    + " (" + r.status().implementation() + "), WireGuard endpoint 127.0.0.1:" + t.localPort());
        } catch (UnknownHostException | RuntimeException e) {
            LOG.log(Level.WARNING, "tunnel {0} cannot start: {1}", new Object[] {t.name(), e.getMessage()});
        }
    }

    /**
     * The interfaces' routability after an apply: a path whose WAN the tracker declared offline leaves its
     * tunnel's schedule at once, and rejoins when the WAN is routable again (T12).
     */
    void wanStates(Map<String, Boolean> routable) {
        wanStates = Map.copyOf(routable);
        running.values().forEach(r -> wanStates.forEach(r.runner()::setWanUsable));
    }

    /** For a tunnel's WireGuard device: whether any of its paths is up; empty for any other device. */
    Optional<Boolean> carrier(String device) {
        for (Running r : running.values()) {
            if (r.runner().device().equals(device)) {
                return Optional.of(r.runner().carrier());
            }
        }
        return Optional.empty();
    }

    List<TunnelStatus> status() {
        return running.values().stream().map(r -> r.runner().status()).toList();
    }

    @Override
    public void close() {
        running.values().forEach(r -> r.runner().close());
        running.clear();
    }
}
