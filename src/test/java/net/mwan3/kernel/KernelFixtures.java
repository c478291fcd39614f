package net.mwan3.kernel;

import java.util.ArrayList;
import java.util.List;

import net.mwan3.model.Family;
import net.mwan3.model.MarkMask;
import net.mwan3.plan.DesiredState;
import net.mwan3.plan.IpRule;
import net.mwan3.plan.NftChain;
import net.mwan3.plan.NftSet;
import net.mwan3.plan.NftTable;
import net.mwan3.plan.Route;

/**
 * A small hand-written desired state for two interfaces (wan = eth1, id 1, both families; wanb =
 * eth2, id 2, IPv4), standing in for the planner. Rules are written the way nft prints them back,
 * so the Linux listing can be compared with them.
 */
final class KernelFixtures {
    static final Ownership OWNERSHIP = Ownership.of(MarkMask.DEFAULT, 2);
    static final String HOOK = "type filter hook prerouting priority mangle; policy accept";

    private KernelFixtures() {
    }

    static List<IpRule> rules() {
        List<IpRule> rules = new ArrayList<>();
        for (int id = 1; id <= 2; id++) {
            rules.add(IpRule.iif(Family.IPV4, 1000 + id, "eth" + id, id));
            rules.add(IpRule.fwmark(Family.IPV4, 2000 + id, id * 0x100L, 0x3f00, IpRule.Action.LOOKUP, id));
            rules.add(IpRule.fwmark(Family.IPV4, 3000 + id, id * 0x100L, 0x3f00, IpRule.Action.UNREACHABLE, 0));
        }
        rules.add(IpRule.iif(Family.IPV6, 1001, "eth1", 1));
        rules.add(IpRule.fwmark(Family.IPV6, 2001, 0x100, 0x3f00, IpRule.Action.LOOKUP, 1));
        rules.add(IpRule.fwmark(Family.IPV6, 3001, 0x100, 0x3f00, IpRule.Action.UNREACHABLE, 0));
        for (Family f : Family.values()) {
            rules.add(IpRule.fwmark(f, 2061, 0x3d00, 0x3f00, IpRule.Action.BLACKHOLE, 0));
            rules.add(IpRule.fwmark(f, 2062, 0x3e00, 0x3f00, IpRule.Action.UNREACHABLE, 0));
        }
        return rules;
    }

    static List<Route> routes() {
        return List.of(
                v4(1, "default", "198.51.100.1", "eth1", "static", null, null, 10),
                v4(1, "198.51.100.0/26", null, "eth1", "kernel", "link", "198.51.100.2", null),
                v4(2, "default", "198.51.100.65", "eth2", "static", null, null, 20),
                v4(2, "198.51.100.64/26", null, "eth2", "kernel", "link", "198.51.100.66", null),
                new Route(Family.IPV6, 1, "unicast", "2001:db8:1::/64", null, "eth1", "kernel", null, null, 256),
                new Route(Family.IPV6, 1, "unicast", "default", "2001:db8:1::1", "eth1", "static", null, null, 10));
    }

    static Route v4(int table, String dst, String via, String dev, String proto, String scope, String src, Integer metric) {
        return new Route(Family.IPV4, table, "unicast", dst, via, dev, proto, scope, src, metric);
    }

    static DesiredState desired() {
        return new DesiredState(table("mwan3_policy_balanced", "0x00000100", true), rules(), routes());
    }

    /** The policy chain renamed, the connected set shrunk: a reconcile that changes chains and elements. */
    static DesiredState changed() {
        return new DesiredState(table("mwan3_policy_wan_only", "0x00000200", false), rules(), routes());
    }

    /** Like {@link #changed()}, with one rule nft rejects. */
    static DesiredState broken() {
        NftTable t = changed().table();
        List<NftChain> chains = new ArrayList<>(t.chains());
        chains.add(new NftChain("mwan3_broken", null, List.of("frobnicate ip saddr 192.0.2.9 accept")));
        return new DesiredState(new NftTable(t.sets(), chains), rules(), routes());
    }

    private static NftTable table(String policy, String mark, boolean wideConnected) {
        List<String> connected = wideConnected
                ? List.of("198.51.100.0/26", "198.51.100.64/26", "203.0.113.0/24")
                : List.of("198.51.100.0/26", "198.51.100.64/26");
        List<NftSet> sets = List.of(
                NftSet.owned("connected4", "type ipv4_addr; flags interval", connected),
                NftSet.kept("dyn4", "type ipv4_addr; flags interval"),
                NftSet.emptied("sticky_wan", "type ipv4_addr : mark; flags timeout; timeout 600s"));
        List<NftChain> chains = List.of(
                new NftChain("mwan3_hook", HOOK, List.of("ip daddr @connected4 return", "ip daddr @dyn4 return",
                        "jump mwan3_rules")),
                new NftChain("mwan3_rules", null, List.of("ip saddr 192.0.2.0/24 jump " + policy)),
                new NftChain(policy, null, List.of("meta mark set " + mark)));
        return new NftTable(sets, chains);
    }
}
