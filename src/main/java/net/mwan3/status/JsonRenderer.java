package net.mwan3.status;

import java.util.List;

import net.mwan3.json.Json;
import net.mwan3.json.JsonArray;
import net.mwan3.json.JsonObject;
import net.mwan3.model.Family;
import net.mwan3.tunnel.PathStatus;
import net.mwan3.tunnel.TunnelStatus;

/**
 * The shape of mwan3's ubus {@code mwan3 status} (rpcd plugin), keys in its order, with correct
 * integer percentages (the 2.12 ucode plugin reports 0 and 100) and every policy present.
 */
public final class JsonRenderer {
    private JsonRenderer() {
    }

    /** {@code section} is null (all), {@code interfaces}, {@code connected} or {@code policies}; {@code iface} filters. */
    public static String status(StatusSnapshot s, String section, String iface) {
        return Json.writePretty(tree(s, section, iface)) + "\n";
    }

    /**
     * The same as a JSON tree: what {@code ubus call mwan3 status} answers (one source for both). The
     * interface filter applies to {@code interfaces} only, as in mwan3's plugin.
     */
    public static JsonObject tree(StatusSnapshot s, String section, String iface) {
        JsonObject root = new JsonObject();
        if (section == null || section.equals("interfaces")) {
            root.put("interfaces", interfaces(s, iface));
        }
        if (section == null || section.equals("connected")) {
            JsonObject c = root.putObject("connected");
            for (Family f : Family.values()) {
                JsonArray a = c.putArray(f.uciName());
                s.connected().getOrDefault(f, List.of()).forEach(a::add);
            }
        }
        if (section == null || section.equals("policies")) {
            root.put("policies", policies(s));
        }
        if (section == null && !s.tunnels().isEmpty()) {
            root.put("tunnels", tunnels(s));
        }
        return root;
    }

    private static JsonArray tunnels(StatusSnapshot s) {
        JsonArray out = new JsonArray();
        for (TunnelStatus t : s.tunnels()) {
            JsonObject n = out.addObject();
            n.put("name", t.name());
            n.put("role", t.role());
            n.put("mode", t.mode());
            n.put("device", t.device());
            n.put("up", t.carrier());
            n.put("wireguard", t.implementation());
            n.put("latest_handshake", t.latestHandshake());
            n.put("wireguard_endpoint", t.wireguardEndpoint());
            JsonObject counters = n.putObject("counters");
            new java.util.TreeMap<>(t.counters()).forEach(counters::put);
            counters.put("reorder_late", t.reorderLate());
            counters.put("reorder_skipped", t.reorderSkipped());
            JsonArray paths = n.putArray("paths");
            for (PathStatus p : t.paths()) {
                JsonObject o = paths.addObject();
                o.put("id", p.id());
                o.put("path", p.label());
                o.put("status", p.state().word());
                o.put("rtt_us", p.srttMicros());
                if (p.loss() < 0) {
                    o.putNull("loss");
                } else {
                    o.put("loss", Math.round(p.loss() * 10000) / 10000.0);
                }
                o.put("rate_bytes", p.rateBytes());
                o.put("tx_packets", p.txPackets());
                o.put("rx_packets", p.rxPackets());
                o.put("tx_bytes", p.txBytes());
                o.put("rx_bytes", p.rxBytes());
                o.put("send_errors", p.sendErrors());
                o.put("duplicates", p.duplicates());
                o.put("late", p.late());
                o.put("lost", p.lost());
                if (!p.peer().isEmpty() && "server".equals(t.role())) {
                    o.put("peer", p.peer());
                }
            }
        }
        return out;
    }

    private static JsonObject interfaces(StatusSnapshot s, String only) {
        JsonObject out = new JsonObject();
        for (IfaceStatus i : s.interfaces()) {
            if (only != null && !only.equals(i.name())) {
                continue;
            }
            JsonObject n = out.putObject(i.name());
            n.put("age", i.ageSeconds());
            n.put("online", i.onlineSeconds());
            n.put("offline", i.offlineSeconds());
            n.put("uptime", i.uptimeSeconds());
            n.put("score", i.score());
            n.put("lost", i.lost());
            n.put("turn", i.turn());
            n.put("status", i.status());
            n.put("enabled", i.enabled());
            n.put("running", i.running());
            n.put("tracking", i.tracking());
            n.put("up", i.up());
            JsonArray ips = n.putArray("track_ip");
            for (TrackIpStatus t : i.trackIps()) {
                JsonObject o = ips.addObject();
                o.put("ip", t.ip());
                o.put("status", t.status());
                o.put("latency", t.latency());
                o.put("packetloss", t.packetloss());
            }
            if (i.traffic().watched()) {
                traffic(n.putObject("traffic_detection"), i.traffic());
            }
        }
        return out;
    }

    /** Extension: present only for interfaces whose traffic is watched, after mwan3's fields. */
    private static void traffic(JsonObject o, TrafficStatus t) {
        o.put("suspected", t.suspected());
        o.put("reason", t.reason());
        o.put("last_burst", t.lastBurst());
        o.put("bursts_started", t.started());
        o.put("bursts_confirmed", t.confirmed());
        o.put("bursts_cleared", t.cleared());
    }

    private static JsonObject policies(StatusSnapshot s) {
        JsonObject out = new JsonObject();
        for (Family f : Family.values()) {
            JsonObject fam = out.putObject(f.uciName());
            for (PolicyStatus p : s.policies().getOrDefault(f, List.of())) {
                JsonArray a = fam.putArray(p.name());
                for (PolicyStatus.Share m : p.members()) {
                    JsonObject o = a.addObject();
                    o.put("interface", m.iface());
                    o.put("percent", m.percent());
                }
            }
        }
        return out;
    }
}
