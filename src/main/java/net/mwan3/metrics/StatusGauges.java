package net.mwan3.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import net.mwan3.status.IfaceStatus;
import net.mwan3.status.StatusSnapshot;
import net.mwan3.status.TrackIpStatus;

/**
 * Gauges for one status snapshot. The per-interface names, label and one-hot {@code status} are
 * those of prometheus-node-exporter-lua's mwan3 collector ({@code mwan3_interface_*}), so its
 * dashboards and alerts work unchanged; per-target gauges are this project's addition. Rows are
 * re-registered from each snapshot so interfaces removed by a reload disappear.
 */
final class StatusGauges {
    /** The collector's list: every interface gets one row per word, 1 for its current status. */
    static final List<String> STATUS_WORDS =
            List.of("offline", "online", "disconnecting", "connecting", "disabled", "notracking", "unknown");
    static final List<String> TARGET_WORDS = List.of("up", "down", "skipped", "unknown");

    private record IfaceGauge(MultiGauge gauge, ToDoubleFunction<IfaceStatus> value) {
    }

    private final List<IfaceGauge> ifaceGauges = new ArrayList<>();
    private final MultiGauge status;
    private final MultiGauge targetStatus;
    private final MultiGauge targetLatency;
    private final MultiGauge targetLoss;

    StatusGauges(MeterRegistry registry) {
        iface(registry, "age", "Seconds since the last tracking round", i -> i.ageSeconds());
        iface(registry, "online", "Seconds online (0 when not online)", i -> i.onlineSeconds());
        iface(registry, "offline", "Seconds offline (0 when online)", i -> i.offlineSeconds());
        iface(registry, "uptime", "Seconds since the interface came up", i -> i.uptimeSeconds());
        iface(registry, "score", "Tracking score (up+down when fully online, 0 when offline)", i -> i.score());
        iface(registry, "lost", "Targets lost in the last tracking round", i -> i.lost());
        iface(registry, "turn", "Tracking rounds since the last state change", i -> i.turn());
        iface(registry, "enabled", "1 if the interface is enabled in the config", i -> flag(i.enabled()));
        iface(registry, "running", "1 if tracking is active", i -> flag(i.running()));
        iface(registry, "up", "1 if the interface is up (device up with carrier and address)", i -> flag(i.up()));
        status = multi(registry, "mwan3.interface.status", "1 for the interface's current tracking status", null);
        targetStatus = multi(registry, "mwan3.interface.tracking.status", "1 for the track_ip's current status", null);
        targetLatency = multi(registry, "mwan3.interface.tracking.latency",
                "Average probe latency of a track_ip that answered", "seconds");
        targetLoss = multi(registry, "mwan3.interface.tracking.loss",
                "Probe loss of a track_ip in the last round, 0 to 1", "ratio");
    }

    /** Replaces every row with the snapshot's values. */
    void update(StatusSnapshot s) {
        for (IfaceGauge g : ifaceGauges) {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (IfaceStatus i : s.interfaces()) {
                rows.add(MultiGauge.Row.of(Tags.of("interface", i.name()), g.value().applyAsDouble(i)));
            }
            g.gauge().register(rows, true);
        }
        List<MultiGauge.Row<?>> statusRows = new ArrayList<>();
        List<MultiGauge.Row<?>> targetRows = new ArrayList<>();
        List<MultiGauge.Row<?>> latencyRows = new ArrayList<>();
        List<MultiGauge.Row<?>> lossRows = new ArrayList<>();
        for (IfaceStatus i : s.interfaces()) {
            for (String w : STATUS_WORDS) {
                statusRows.add(MultiGauge.Row.of(Tags.of("interface", i.name(), "status", w),
                        flag(w.equals(i.status()))));
            }
            for (TrackIpStatus t : i.trackIps()) {
                Tags tags = Tags.of("interface", i.name(), "ip", t.ip());
                for (String w : TARGET_WORDS) {
                    targetRows.add(MultiGauge.Row.of(tags.and("status", w), flag(w.equals(t.status()))));
                }
                // A target that did not answer has no latency; one not probed (skipped, unknown) has no loss.
                if ("up".equals(t.status())) {
                    latencyRows.add(MultiGauge.Row.of(tags, t.latency() / 1000.0));
                }
                if ("up".equals(t.status()) || "down".equals(t.status())) {
                    lossRows.add(MultiGauge.Row.of(tags, t.packetloss() / 100.0));
                }
            }
        }
        status.register(statusRows, true);
        targetStatus.register(targetRows, true);
        targetLatency.register(latencyRows, true);
        targetLoss.register(lossRows, true);
    }

    private void iface(MeterRegistry registry, String name, String help, ToDoubleFunction<IfaceStatus> value) {
        ifaceGauges.add(new IfaceGauge(multi(registry, "mwan3.interface." + name, help, null), value));
    }

    private static MultiGauge multi(MeterRegistry registry, String name, String help, String unit) {
        return MultiGauge.builder(name).description(help).baseUnit(unit).register(registry);
    }

    private static double flag(boolean b) {
        return b ? 1 : 0;
    }
}
