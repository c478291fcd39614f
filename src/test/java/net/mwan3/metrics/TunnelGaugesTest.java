package net.mwan3.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import net.mwan3.model.Family;
import net.mwan3.status.StatusSnapshot;
import net.mwan3.tunnel.PathState;
import net.mwan3.tunnel.PathStatus;
import net.mwan3.tunnel.TunnelStatus;

class TunnelGaugesTest {

    private static StatusSnapshot withTunnels(List<TunnelStatus> tunnels) {
        return new StatusSnapshot(List.of(), Map.of(Family.IPV4, List.of(), Family.IPV6, List.of()),
                Map.of(Family.IPV4, List.of(), Family.IPV6, List.of()),
                Map.of(Family.IPV4, List.of(), Family.IPV6, List.of()), tunnels);
    }

    private static TunnelStatus bond() {
        PathStatus p0 = new PathStatus(0, "wan1", PathState.UP, 12_500, 800, 1_250_000, 0.0, 100, 140_000, 90, 120_000, 0, 20, 1, 0, 0, 0, "");
        PathStatus p1 = new PathStatus(1, "wan2", PathState.DOWN, 0, 0, 12_500, -1, 7, 900, 0, 0, 2, -1, 0, 0, 0, 0, "");
        return new TunnelStatus("bond", "client", "redundant", "bond", "wireguard-go", 0, "127.0.0.1:7001", true, List.of(p0, p1),
                Map.of("duplicates", 42L, "auth_failed", 3L), 5, 1);
    }

    @Test
    void tunnelAndPathGaugesFromTheSnapshot() {
        try (MicrometerMetrics m = new MicrometerMetrics(() -> withTunnels(List.of(bond())))) {
            Map<String, Double> x = PrometheusText.samples(m.scrape());
            String p0 = "{label=\"wan1\",path=\"0\",tunnel=\"bond\"}";
            String p1 = "{label=\"wan2\",path=\"1\",tunnel=\"bond\"}";
            assertEquals(1.0, x.get("mwan3_tunnel_up{tunnel=\"bond\"}"), x.keySet().toString());
            assertEquals(1.0, x.get("mwan3_tunnel_path_up" + p0));
            assertEquals(0.0, x.get("mwan3_tunnel_path_up" + p1));
            assertEquals(0.0125, x.get("mwan3_tunnel_path_rtt_seconds" + p0), 1e-9);
            assertEquals(1_250_000.0, x.get("mwan3_tunnel_path_rate_bytes" + p0));
            assertEquals(100.0, x.get("mwan3_tunnel_path_tx_packets" + p0));
            assertEquals(90.0, x.get("mwan3_tunnel_path_rx_packets" + p0));
            assertEquals(42.0, x.get("mwan3_tunnel_packets{reason=\"duplicates\",tunnel=\"bond\"}"));
            assertEquals(3.0, x.get("mwan3_tunnel_packets{reason=\"auth_failed\",tunnel=\"bond\"}"));
            assertEquals(5.0, x.get("mwan3_tunnel_packets{reason=\"reorder_late\",tunnel=\"bond\"}"));
        }
    }

    @Test
    void aTunnelGoneFromTheSnapshotLeavesNoRows() {
        java.util.concurrent.atomic.AtomicReference<StatusSnapshot> s =
                new java.util.concurrent.atomic.AtomicReference<>(withTunnels(List.of(bond())));
        try (MicrometerMetrics m = new MicrometerMetrics(s::get)) {
            m.scrape();
            s.set(withTunnels(List.of()));
            Map<String, Double> x = PrometheusText.samples(m.scrape());
            assertNull(x.get("mwan3_tunnel_up{tunnel=\"bond\"}"));
        }
    }

    @Test
    void aServersPathsCarryNoClientAddress() {
        PathStatus learned = new PathStatus(0, "198.51.100.77:40123", PathState.UP, 12_500, 800, 1_250_000, 0.0, 1, 1,
                1, 1, 0, 20, 1, 0, 0, 0, "");
        TunnelStatus server = new TunnelStatus("srv", "server", "redundant", "srv", "wireguard-go", 0, "127.0.0.1:7001", true, List.of(learned), Map.of(), 0,
                0);
        try (MicrometerMetrics m = new MicrometerMetrics(() -> withTunnels(List.of(server)))) {
            String text = m.scrape();
            assertFalse(text.contains("198.51.100.77"), text);
            assertEquals(1.0, PrometheusText.samples(text).get("mwan3_tunnel_path_up{label=\"\",path=\"0\",tunnel=\"srv\"}"),
                    text);
        }
    }
}
