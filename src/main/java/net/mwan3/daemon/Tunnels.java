package net.mwan3.daemon;

import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import net.mwan3.config.Mwan3Config;
import net.mwan3.config.TunnelConfig;
import net.mwan3.tunnel.TunnelStatus;
import net.mwan3.tunnel.io.AeadChoice;
import net.mwan3.tunnel.io.TunnelEndpoint;
import net.mwan3.tunnel.io.TunnelMain;

/**
 * The multipath tunnels of the config, run inside mwan3d (main thread only). Started once routing is
 * applied, so each path's mark already has its rule and table; rebuilt when their section changes on
 * reload; closed on stop (the TUN device goes with its file descriptor). A tunnel that cannot start
 * is logged and retried on the next reconcile.
 */
final class Tunnels implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("mwan3d");
    private static final long BEAT_NANOS = 100_000_000L;
    private final Map<String, Running> running = new LinkedHashMap<>();
    private Map<String, Boolean> wanStates = Map.of();
    private final Runnable linkChanged;

    /** {@code linkChanged}: called from a tunnel's thread when its device's carrier changed. */
    Tunnels(Runnable linkChanged) {
        this.linkChanged = linkChanged;
    }

    private record Running(TunnelConfig config, TunnelEndpoint endpoint) {
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
            e.getValue().endpoint().close();
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
            TunnelEndpoint e = TunnelMain.open(config, t, BEAT_NANOS);
            wanStates.forEach(e::setWanUsable);
            e.onCarrierChange(linkChanged);
            e.start();
            running.put(t.name(), new Running(t, e));
            LOG.info(() -> "tunnel " + t.name() + " (" + t.role() + ", " + t.mode() + ") running on " + t.device()
                    + ", sealing with " + AeadChoice.describe());
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
        running.values().forEach(r -> wanStates.forEach(r.endpoint()::setWanUsable));
    }

    List<TunnelStatus> status() {
        return running.values().stream().map(r -> r.endpoint().status()).toList();
    }

    @Override
    public void close() {
        running.values().forEach(r -> r.endpoint().close());
        running.clear();
    }
}
