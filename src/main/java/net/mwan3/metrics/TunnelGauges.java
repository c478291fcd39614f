package net.mwan3.metrics;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import net.mwan3.status.StatusSnapshot;
import net.mwan3.tunnel.PathStatus;
import net.mwan3.tunnel.TunnelStatus;

/**
 * Gauges for the multipath tunnels of a status snapshot (T13: all counters in metrics): one row per tunnel,
 * per path (tagged with the path's id and, on a client, its label) and per drop or event counter (tagged
 * {@code reason}). The
 * tunnel's counters are cumulative but reset with the tunnel, so they are exposed as gauges of the snapshot.
 */
final class TunnelGauges {
    private final MultiGauge up;
    private final MultiGauge counters;
    private final MultiGauge pathUp;
    private final MultiGauge rtt;
    private final MultiGauge rate;
    private final MultiGauge txPackets;
    private final MultiGauge rxPackets;

    TunnelGauges(MeterRegistry registry) {
        up = multi(registry, "mwan3.tunnel.up", "1 while the tunnel has carrier (a path is up)", null);
        counters = multi(registry, "mwan3.tunnel.packets", "Packets per reason (drops, duplicates, delivered)", null);
        pathUp = multi(registry, "mwan3.tunnel.path.up", "1 while the path is up", null);
        rtt = multi(registry, "mwan3.tunnel.path.rtt", "Smoothed round-trip time of the path", "seconds");
        rate = multi(registry, "mwan3.tunnel.path.rate", "Estimated deliverable rate of the path", "bytes");
        txPackets = multi(registry, "mwan3.tunnel.path.tx.packets", "Datagrams sent on the path", null);
        rxPackets = multi(registry, "mwan3.tunnel.path.rx.packets", "Datagrams received on the path", null);
    }

    void update(StatusSnapshot s) {
        List<MultiGauge.Row<?>> upRows = new ArrayList<>();
        List<MultiGauge.Row<?>> counterRows = new ArrayList<>();
        List<List<MultiGauge.Row<?>>> path = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>());
        for (TunnelStatus t : s.tunnels()) {
            Tags tags = Tags.of("tunnel", t.name());
            upRows.add(MultiGauge.Row.of(tags, t.carrier() ? 1 : 0));
            t.counters().forEach((k, v) -> counterRows.add(MultiGauge.Row.of(tags.and("reason", k), v)));
            counterRows.add(MultiGauge.Row.of(tags.and("reason", "reorder_late"), t.reorderLate()));
            counterRows.add(MultiGauge.Row.of(tags.and("reason", "reorder_skipped"), t.reorderSkipped()));
            for (PathStatus p : t.paths()) {
                Tags pt = tags.and("path", Integer.toString(p.id()), "label", label(t, p));
                path.get(0).add(MultiGauge.Row.of(pt, p.up() ? 1 : 0));
                path.get(1).add(MultiGauge.Row.of(pt, p.srttMicros() / 1e6));
                path.get(2).add(MultiGauge.Row.of(pt, p.rateBytes()));
                path.get(3).add(MultiGauge.Row.of(pt, p.txPackets()));
                path.get(4).add(MultiGauge.Row.of(pt, p.rxPackets()));
            }
        }
        up.register(upRows, true);
        counters.register(counterRows, true);
        List<MultiGauge> pathGauges = List.of(pathUp, rtt, rate, txPackets, rxPackets);
        for (int i = 0; i < pathGauges.size(); i++) {
            pathGauges.get(i).register(path.get(i), true);
        }
    }

    /**
     * A client's path label names its WAN and the server it dials (both from the config); a server's
     * is the address it learned the client at, a stranger's public address, which stays out of the
     * metrics (scraped, stored and graphed elsewhere): its path id is label enough.
     */
    static String label(TunnelStatus t, PathStatus p) {
        return "client".equals(t.role()) ? p.label() : "";
    }

    private static MultiGauge multi(MeterRegistry registry, String name, String help, String unit) {
        return MultiGauge.builder(name).description(help).baseUnit(unit).register(registry);
    }
}
