package net.mwan3.plan;

import java.util.ArrayList;
import java.util.List;

import net.mwan3.config.InterfaceConfig;
import net.mwan3.model.MarkMask;

/**
 * The counters traffic detection reads: per tracked interface (with {@code traffic_detection} on), the
 * packets leaving by its device in the original direction of a connection, and the replies of those
 * connections arriving on it. A WAN whose replies stop while it keeps sending is suspected.
 *
 * <p>What is left out is what would make a healthy WAN look dead or a dead one look alive: our own
 * probes (they carry the default mark) are not outgoing traffic, or an idle WAN whose probes fail would
 * be suspected on its probes alone and detection without traffic would change; related packets (ICMP
 * errors such as an upstream router's "unreachable") are not replies. Connections arriving from the
 * internet (port forwards) count neither way: their packets out are replies, theirs in are originals.
 * Counting changes no verdict, so the rules cannot change routing.
 */
final class TrafficRules {
    static final String OUT_CHAIN = "mwan3_traffic_out";
    static final String REPLY_CHAIN = "mwan3_traffic_reply";

    private final PlanInput in;
    private final MarkMask mask;

    TrafficRules(PlanInput in) {
        this.in = in;
        this.mask = in.config().globals().mmxMask();
    }

    /** The interfaces whose traffic is watched: enabled, tracked, with the option on. */
    static List<InterfaceConfig> watched(PlanInput in) {
        return in.config().enabledInterfaces().stream()
                .filter(i -> i.tracking().enabled() && i.tracking().trafficDetection()).toList();
    }

    /** Both counters of every watched interface, whether it is up or not (so they keep their values). */
    List<String> counters() {
        List<String> out = new ArrayList<>();
        for (InterfaceConfig i : watched(in)) {
            for (TrafficDirection d : TrafficDirection.values()) {
                out.add(Numbering.trafficCounter(d, i.name()));
            }
        }
        return out;
    }

    /** The two counting chains, or none when no interface is watched. */
    List<NftChain> chains() {
        if (watched(in).isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        List<String> reply = new ArrayList<>();
        String m = MarkMask.hex(mask.mask());
        String probe = MarkMask.hex(mask.defaultMark());
        var live = RouteTables.withTables(in.config(), in.states());
        for (InterfaceConfig i : watched(in)) {
            if (!live.containsKey(i.name())) {
                continue;
            }
            String fam = "meta nfproto " + i.family().uciName() + " ";
            String dev = NftText.quote(in.state(i.name()).device());
            out.add(fam + "oifname " + dev + " ct direction original meta mark & " + m + " != " + probe
                    + " counter name " + NftText.quote(Numbering.trafficCounter(TrafficDirection.OUT, i.name())));
            reply.add(fam + "iifname " + dev + " ct direction reply ct state established counter name "
                    + NftText.quote(Numbering.trafficCounter(TrafficDirection.REPLY, i.name())));
        }
        return List.of(new NftChain(OUT_CHAIN, "type filter hook postrouting priority mangle; policy accept", out),
                new NftChain(REPLY_CHAIN, "type filter hook prerouting priority mangle; policy accept", reply));
    }
}
