package net.mwan3.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import net.mwan3.config.InterfaceConfig;
import net.mwan3.config.Mwan3Config;
import net.mwan3.model.Family;
import net.mwan3.model.MarkMask;

/**
 * Table {@code inet mwan3}: mwan3's mangle hook rebuilt for nftables, both families in one table.
 * The hook chain runs, like mwan3_hook: restore the connection mark (mask bits only), mark packets
 * arriving on a WAN with its id, give destinations in the custom, connected and dynamic sets the
 * default mark, classify by user rules (first match wins), save the mark, re-check the destination
 * sets. Marks are set and saved through one tiny chain per value, dispatched by verdict maps,
 * because nft cannot merge a packet field into the mark with other bits kept in one expression.
 */
final class NftPlanner {
    static final String HOOK = "mwan3_hook";
    static final String RULES = Numbering.RULES_CHAIN;
    private static final String[] DEST_SETS = {"custom", "connected", "dynamic"};

    private final PlanInput in;
    private final Mwan3Config config;
    private final MarkMask mask;
    private final Numbering num;
    private final String zero;

    NftPlanner(PlanInput in) {
        this.in = in;
        this.config = in.config();
        this.mask = config.globals().mmxMask();
        this.num = new Numbering(mask);
        this.zero = "meta mark & " + MarkMask.hex(mask.mask()) + " == 0";
    }

    NftTable plan() {
        List<NftSet> sets = new ArrayList<>(destSets());
        List<NftChain> chains = new ArrayList<>(markChains());
        chains.addAll(ifaceInChains());
        PolicyChains policies = new PolicyChains(in, num, zero);
        chains.addAll(policies.chains());
        UserRules rules = new UserRules(in, num, zero, policies);
        sets.addAll(rules.sets());
        chains.addAll(rules.stickyChains());
        chains.add(new NftChain(RULES, null, rules.rules()));
        chains.add(new NftChain(HOOK, null, hook()));
        chains.add(new NftChain("prerouting", "type filter hook prerouting priority mangle; policy accept",
                List.of("jump " + HOOK)));
        // A route chain makes the kernel re-route locally generated packets after the mark changes.
        chains.add(new NftChain("output", "type route hook output priority mangle; policy accept", output()));
        if (!config.tunnels().isEmpty()) {
            // TCP through a tunnel must fit its smaller MTU without relying on ICMP.
            chains.add(new NftChain("forward", "type filter hook forward priority mangle; policy accept",
                    config.tunnels().stream().map(t -> "oifname " + NftText.quote(t.device())
                            + " tcp flags & (syn | rst) == syn tcp option maxseg size set rt mtu").toList()));
        }
        TrafficRules traffic = new TrafficRules(in);
        chains.addAll(traffic.chains());
        return new NftTable(sets, chains, traffic.counters());
    }

    /**
     * {@code mwan3 use <iface>}: sockets of processes in the interface's cgroup carry its mark (so
     * they bypass classification and use its table) while it is up; then the hook.
     */
    private List<String> output() {
        List<String> rules = new ArrayList<>();
        for (InterfaceConfig i : RouteTables.withTables(config, in.states()).values()) {
            if (in.useCgroups().contains(i.name())) {
                rules.add("socket cgroupv2 level 2 " + NftText.quote(PlanInput.useCgroup(i.name())) + " " + zero + " jump "
                        + num.markChain(i.id()));
            }
        }
        rules.add("jump " + HOOK);
        return rules;
    }

    private List<NftSet> destSets() {
        List<NftSet> out = new ArrayList<>();
        for (Family f : Family.values()) {
            String spec = "type " + f.nftAddrType() + "; flags interval; auto-merge";
            out.add(NftSet.owned(Numbering.destSet("custom", f), spec, ConnectedSets.custom(in.routes(), f)));
            out.add(NftSet.owned(Numbering.destSet("connected", f), spec, ConnectedSets.connected(in.routes(), f)));
            out.add(NftSet.kept(Numbering.destSet("dynamic", f), spec));
        }
        return out;
    }

    /** Every mark value that can appear: enabled interfaces' ids and the three special values. */
    private Map<Long, Long> markValues() {
        Map<Long, Long> values = new TreeMap<>();
        for (InterfaceConfig i : config.enabledInterfaces()) {
            values.put((long) i.id(), mask.id2mask(i.id()));
        }
        for (long special : new long[] {mask.mmBlackhole(), mask.mmUnreachable(), mask.mmDefault()}) {
            values.put(special, mask.id2mask(special));
        }
        return values;
    }

    private List<NftChain> markChains() {
        List<NftChain> out = new ArrayList<>();
        String keep = MarkMask.hex(~mask.mask() & 0xFFFF_FFFFL);
        for (Map.Entry<Long, Long> e : markValues().entrySet()) {
            String v = MarkMask.hex(e.getValue());
            out.add(new NftChain(num.markChain(e.getKey()), null, List.of("meta mark set meta mark & " + keep + " | " + v)));
            out.add(new NftChain(num.saveChain(e.getKey()), null, List.of("ct mark set ct mark & " + keep + " | " + v)));
        }
        return out;
    }

    /** Packets arriving on a WAN carry its mark, so replies and port forwards leave by the same WAN. */
    private List<NftChain> ifaceInChains() {
        List<NftChain> out = new ArrayList<>();
        for (InterfaceConfig i : RouteTables.withTables(config, in.states()).values()) {
            Family f = i.family();
            List<String> rules = new ArrayList<>();
            for (String kind : DEST_SETS) {
                rules.add(zero + " " + f.nftProto() + " saddr @" + Numbering.destSet(kind, f) + " jump "
                        + num.markChain(mask.mmDefault()));
            }
            rules.add(zero + " jump " + num.markChain(i.id()));
            out.add(new NftChain(Numbering.ifaceInChain(i.name()), null, rules));
        }
        return out;
    }

    private List<String> hook() {
        List<String> rules = new ArrayList<>();
        rules.add("icmpv6 type { nd-router-solicit, nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert,"
                + " nd-redirect } return");
        String m = MarkMask.hex(mask.mask());
        List<String> restore = new ArrayList<>();
        List<String> save = new ArrayList<>();
        for (Map.Entry<Long, Long> e : markValues().entrySet()) {
            restore.add(MarkMask.hex(e.getValue()) + " : jump " + num.markChain(e.getKey()));
            save.add(MarkMask.hex(e.getValue()) + " : jump " + num.saveChain(e.getKey()));
        }
        rules.add(zero + " ct mark & " + m + " vmap { " + String.join(", ", restore) + " }");
        rules.addAll(ifacesIn());
        for (Family f : Family.values()) {
            for (String kind : DEST_SETS) {
                rules.add(zero + " " + f.nftProto() + " daddr @" + Numbering.destSet(kind, f) + " jump "
                        + num.markChain(mask.mmDefault()));
            }
        }
        rules.add(zero + " jump " + RULES);
        // Saved once, when the connection has no mark yet: later packets restored it, so writing it
        // again on every packet (as mwan3's --save-mark does) would only cost forwarding speed.
        rules.add("ct mark & " + m + " == 0 meta mark & " + m + " vmap { " + String.join(", ", save) + " }");
        for (Family f : Family.values()) {
            for (String kind : DEST_SETS) {
                rules.add("meta mark & " + m + " != " + MarkMask.hex(mask.defaultMark()) + " " + f.nftProto()
                        + " daddr @" + Numbering.destSet(kind, f) + " jump " + num.markChain(mask.mmDefault()));
            }
        }
        return rules;
    }

    private List<String> ifacesIn() {
        List<String> out = new ArrayList<>();
        for (Family f : Family.values()) {
            Map<String, String> byDevice = new TreeMap<>();
            for (InterfaceConfig i : RouteTables.withTables(config, in.states()).values()) {
                if (i.family() == f) {
                    byDevice.putIfAbsent(in.state(i.name()).device(), Numbering.ifaceInChain(i.name()));
                }
            }
            if (!byDevice.isEmpty()) {
                List<String> items = new ArrayList<>();
                byDevice.forEach((dev, chain) -> items.add(NftText.quote(dev) + " : jump " + chain));
                out.add("meta nfproto " + f.uciName() + " " + zero + " iifname vmap { " + String.join(", ", items)
                        + " }");
            }
        }
        return out;
    }
}
