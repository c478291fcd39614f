package net.mwan3.status;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.mwan3.model.Family;

/**
 * The shape of mwan3's ubus {@code mwan3 status} (rpcd plugin), keys in its order, with correct
 * integer percentages (the 2.12 ucode plugin reports 0 and 100) and every policy present.
 */
public final class JsonRenderer {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonRenderer() {
    }

    /** {@code section} is null (all), {@code interfaces}, {@code connected} or {@code policies}; {@code iface} filters. */
    public static String status(StatusSnapshot s, String section, String iface) {
        ObjectNode root = MAPPER.createObjectNode();
        if (section == null || section.equals("interfaces")) {
            root.set("interfaces", interfaces(s, iface));
        }
        if (section == null || section.equals("connected")) {
            ObjectNode c = root.putObject("connected");
            for (Family f : Family.values()) {
                ArrayNode a = c.putArray(f.uciName());
                s.connected().getOrDefault(f, List.of()).forEach(a::add);
            }
        }
        if (section == null || section.equals("policies")) {
            root.set("policies", policies(s));
        }
        if (section == null && !s.tunnels().isEmpty()) {
            ArrayNode t = root.putArray("tunnels");
            s.tunnels().forEach(t::add);
        }
        return root.toPrettyString() + "\n";
    }

    private static ObjectNode interfaces(StatusSnapshot s, String only) {
        ObjectNode out = MAPPER.createObjectNode();
        for (IfaceStatus i : s.interfaces()) {
            if (only != null && !only.equals(i.name())) {
                continue;
            }
            ObjectNode n = out.putObject(i.name());
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
            ArrayNode ips = n.putArray("track_ip");
            for (TrackIpStatus t : i.trackIps()) {
                ObjectNode o = ips.addObject();
                o.put("ip", t.ip());
                o.put("status", t.status());
                o.put("latency", t.latency());
                o.put("packetloss", t.packetloss());
            }
        }
        return out;
    }

    private static ObjectNode policies(StatusSnapshot s) {
        ObjectNode out = MAPPER.createObjectNode();
        for (Family f : Family.values()) {
            ObjectNode fam = out.putObject(f.uciName());
            for (PolicyStatus p : s.policies().getOrDefault(f, List.of())) {
                ArrayNode a = fam.putArray(p.name());
                for (PolicyStatus.Share m : p.members()) {
                    ObjectNode o = a.addObject();
                    o.put("interface", m.iface());
                    o.put("percent", m.percent());
                }
            }
        }
        return out;
    }
}
