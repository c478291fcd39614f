package net.mwan3.metrics;

import java.util.List;
import java.util.Map;

import net.mwan3.model.Family;
import net.mwan3.status.IfaceStatus;
import net.mwan3.status.StatusSnapshot;
import net.mwan3.status.TrackIpStatus;

/** Hand-made status snapshots for the metrics tests. */
final class StatusFixtures {

    private StatusFixtures() {
    }

    static IfaceStatus wanOnline() {
        return new IfaceStatus("wan", true, "online", "active", "online", 83, 0, 300, 4, 10, 0, 9, true,
                List.of(new TrackIpStatus("192.0.2.1", "up", 12, 0), new TrackIpStatus("192.0.2.2", "down", 0, 100),
                        new TrackIpStatus("192.0.2.3", "skipped", 0, 0)), 0);
    }

    static IfaceStatus wanbOffline() {
        return new IfaceStatus("wanb", true, "offline", "active", "offline", 0, 42, 120, 2, 0, 2, 3, true,
                List.of(new TrackIpStatus("198.51.100.1", "up", 250, 40)), 0);
    }

    static StatusSnapshot of(IfaceStatus... ifaces) {
        Map<Family, List<String>> none = Map.of(Family.IPV4, List.of(), Family.IPV6, List.of());
        return new StatusSnapshot(List.of(ifaces), Map.of(Family.IPV4, List.of(), Family.IPV6, List.of()), none,
                Map.of(Family.IPV4, List.of(), Family.IPV6, List.of()), List.of());
    }
}
