package net.mwan3.plan;

import static net.mwan3.plan.RoutingLab.allOnline;
import static net.mwan3.plan.RoutingLab.rule;
import static net.mwan3.plan.RoutingLab.statesExcept;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import net.mwan3.kernel.ApplyResult;
import net.mwan3.lab.Topology;
import net.mwan3.model.IfaceState;
import net.mwan3.testing.NetnsSupport;

/**
 * Real traffic through the planner's output on a real kernel (mwan3-reference §2–§4): a LAN client
 * opens new TCP connections through the router to an echo server behind three ISPs, and the server
 * reports which WAN's masquerade address it saw. ISPs drop foreign sources, so a reply that leaves
 * by the wrong WAN is lost and shows up as a failed flow. Every test applies its own plan first.
 */
class RoutingIT {
    private static final String SERVER = Topology.SERVER;
    private static final int PORT = Topology.SERVER_PORT;
    private static final int PORT2 = 8081;
    private static final String LAN = "192.0.2.";
    private static RoutingLab lab;
    private static String pristine;

    @BeforeAll
    static void buildLab() throws IOException {
        NetnsSupport.assumeAvailable();
        lab = RoutingLab.start();
        Topology t = lab.topo;
        for (String server : List.of(SERVER, Topology.target(2), Topology.target(3), Topology.SERVER6)) {
            lab.java.echoServer(t.inet(), server, PORT);
        }
        lab.java.echoServer(t.inet(), SERVER, PORT2);
        lab.java.echoServer(t.router(), Topology.wanAddress(2), 7070);
        lab.java.echoServer(t.lan(), Topology.LAN_CLIENT, 9191);
        t.netns().runner(t.router()).run(List.of("nft", "-f", "-"), "table ip lab_dnat {\n chain pre {\n"
                + "  type nat hook prerouting priority dstnat; policy accept\n"
                + "  ip daddr " + Topology.wanAddress(2) + " tcp dport 9191 dnat to " + Topology.LAN_CLIENT + ":9191\n"
                + " }\n}\n").orThrow();
        // The kernel rate-limits ICMP errors per destination; "unreachable" must answer every flow.
        t.netns().exec(t.router(), "sysctl", "-qw", "net.ipv4.icmp_ratelimit=0", "net.ipv6.icmp.ratelimit=0");
        pristine = snapshot();
    }

    @AfterAll
    static void removeLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void newFlowsSplitByWeight() {
        lab.apply(rule("all", "balanced"), allOnline());
        Flows f = lab.flows(SERVER, PORT, 600, null);
        assertSplit(f, 600, 3, 2, 1);
    }

    @Test
    void lowestMetricWinsThenFailsOver() {
        String rules = rule("all", "wan1_wan2");
        lab.apply(rules, allOnline());
        Flows f = lab.flows(SERVER, PORT, 20, null);
        assertTrue(f.allVia(1), () -> "all via the metric-1 WAN: " + f + lab.diag());

        lab.apply(rules, statesExcept(Set.of("wan1"), Set.of()));
        Flows offline = lab.flows(SERVER, PORT, 20, null);
        assertTrue(offline.allVia(2), () -> "wan1 offline, all via metric 2: " + offline + lab.diag());

        lab.apply(rules, statesExcept(Set.of(), Set.of("wan1")));
        Flows down = lab.flows(SERVER, PORT, 20, null);
        assertTrue(down.allVia(2), () -> "wan1 down, all via metric 2: " + down + lab.diag());
        String rulesNow = lab.router("ip", "-4", "rule");
        assertFalse(rulesNow.contains("1001:") || rulesNow.contains("2001:"), "a down WAN keeps no rules:\n" + rulesNow);
    }

    @Test
    void lastResortUnreachableBlackholeDefault() {
        String rules = rule("ur", "lr_unreach", "src_ip", LAN + 15) + rule("bh", "lr_black", "src_ip", LAN + 16)
                + rule("df", "lr_default", "src_ip", LAN + 17);
        lab.apply(rules, allOnline());
        Flows live = lab.flows(SERVER, PORT, 10, LAN + 17);
        assertTrue(live.allVia(3), () -> "member online, its WAN is used: " + live + lab.diag());

        lab.apply(rules, statesExcept(Set.of("wan3"), Set.of()));
        Flows unreachable = lab.flows(SERVER, PORT, 3, LAN + 15);
        assertFailsFast(unreachable);
        Flows blackhole = lab.flows(SERVER, PORT, 1, LAN + 16);
        assertTimesOut(blackhole);
        Flows main = lab.flows(SERVER, PORT, 10, LAN + 17);
        assertTrue(main.allVia(1), () -> "last_resort default = main table, lowest metric = WAN1: " + main + lab.diag());
    }

    @Test
    void stickySourcesStayThenMoveOffADeadWan() {
        String rules = rule("stick", "equal", "sticky", "1", "timeout", "600");
        lab.apply(rules, allOnline());
        Set<Integer> chosen = new TreeSet<>();
        for (int host = 10; host <= 20; host++) {
            Flows f = lab.flows(SERVER, PORT, 4, LAN + host);
            int h = host;
            assertEquals(1, f.wans().size(), () -> "source ." + h + " sticks to one WAN: " + f + lab.diag());
            assertFalse(f.wans().contains(0), () -> f + lab.diag());
            chosen.addAll(f.wans());
        }
        assertTrue(chosen.size() >= 2, () -> "11 sources spread over the WANs: " + chosen + lab.diag());

        int dead = lab.flows(SERVER, PORT, 1, LAN + 10).wans().iterator().next();
        lab.apply(rules, statesExcept(Set.of("wan" + dead), Set.of()));
        Flows moved = lab.flows(SERVER, PORT, 6, LAN + 10);
        assertEquals(1, moved.wans().size(), () -> "sticks again after the move: " + moved + lab.diag());
        int now = moved.wans().iterator().next();
        assertTrue(now != 0 && now != dead, () -> "moved off dead WAN" + dead + ": " + moved + lab.diag());
    }

    @Test
    void ruleMatchesFirstMatchWins() {
        lab.apply(optionRules(), allOnline());
        assertVia(1, SERVER, PORT, LAN + 10, "even source");
        assertVia(2, SERVER, PORT, LAN + 11, "odd source (0.0.0.1/0.0.0.1)");
        assertVia(2, SERVER, PORT, LAN + 13, "odd source (0.0.0.1/0.0.0.1)");
        assertVia(1, SERVER, PORT, LAN + 14, "even source");
        assertVia(3, SERVER, PORT2, LAN + 11, "proto+dest_port rule precedes the odd rule");
        assertVia(3, SERVER, PORT2, LAN + 10, "proto+dest_port");
        assertVia(3, SERVER, PORT, LAN + 12, "src_ip");
        assertVia(3, Topology.target(2), PORT, LAN + 10, "dest_ip");
        assertVia(2, Topology.SERVER6, PORT, null, "family ipv4 rule skipped for IPv6, the ipv6 rule applies");
    }

    @Test
    void ipsetRuleFollowsItsSetWhoseElementsSurviveReconcile() {
        DesiredState desired = lab.apply(optionRules(), allOnline());
        assertVia(1, Topology.target(3), PORT, LAN + 10, "not yet in the set");
        lab.router("nft", "add", "element", "inet", "mwan3", "lst_v4", "{ " + Topology.target(3) + " }");
        assertVia(3, Topology.target(3), PORT, LAN + 10, "destination in set lst_v4");

        ApplyResult again = lab.kernel.reconcile(desired, lab.ownership);
        assertTrue(again.ok(), again::toString);
        String set = lab.router("nft", "list", "set", "inet", "mwan3", "lst_v4");
        assertTrue(set.contains(Topology.target(3)), "element kept by reconcile:\n" + set);
        assertVia(3, Topology.target(3), PORT, LAN + 10, "still in the set after reconcile");
        lab.router("nft", "flush", "set", "inet", "mwan3", "lst_v4");
    }

    @Test
    void loggingRuleCarriesTheLogStatementAndCounts() {
        lab.apply(optionRules(), allOnline());
        lab.flows(SERVER, PORT2, 3, LAN + 10);
        String chain = lab.router("nft", "list", "chain", "inet", "mwan3", "mwan3_rules");
        String line = chain.lines().filter(l -> l.contains("MWAN3(p8081)")).findFirst()
                .orElseThrow(() -> new AssertionError("no MWAN3(p8081) log statement:\n" + chain));
        assertTrue(line.contains("log prefix") && !line.contains("packets 0 "), "logged and counted: " + line);
        assertTrue(chain.lines().filter(l -> l.contains("log prefix")).allMatch(l -> l.contains("comment \"p8081\"")),
                () -> "only the rule with logging=1 logs:\n" + chain);
    }

    @Test
    void builtInPolicies() {
        lab.apply(rule("bh", "blackhole", "src_ip", LAN + 15) + rule("ur", "unreachable", "src_ip", LAN + 16)
                + rule("df", "default", "src_ip", LAN + 17) + rule("rest", "only_wan3"), allOnline());
        assertTimesOut(lab.flows(SERVER, PORT, 1, LAN + 15));
        assertFailsFast(lab.flows(SERVER, PORT, 3, LAN + 16));
        assertVia(1, SERVER, PORT, LAN + 17, "use_policy default = main table");
        assertVia(3, SERVER, PORT, LAN + 18, "the catch-all rule");
    }

    @Test
    void ipv6SplitsByWeightThenFailsOver() {
        lab.apply(rule("all", "balanced"), allOnline());
        assertSplit(lab.flows(Topology.SERVER6, PORT, 300, null), 300, 3, 2, 1);

        String rules = rule("all", "wan1_wan2");
        lab.apply(rules, allOnline());
        assertVia(1, Topology.SERVER6, PORT, null, "v6 metric 1");
        lab.apply(rules, statesExcept(Set.of("wan1_6"), Set.of()));
        assertVia(2, Topology.SERVER6, PORT, null, "v6 metric 1 offline");
        assertVia(1, SERVER, PORT, null, "v4 wan1 still online");
    }

    @Test
    void repliesLeaveByTheWanTheyCameIn() {
        assertTrue(lab.kernel.reconcile(DesiredState.EMPTY, lab.ownership).ok());
        Topology t = lab.topo;
        String wan2 = Topology.wanAddress(2);
        Flows local = new Flows(lab.java.flows(t.inet(), wan2, 7070, 1, null));
        Flows forward = new Flows(lab.java.flows(t.inet(), wan2, 9191, 1, null));
        assertEquals(1, local.failures().size(), () -> "without mwan3 the reply leaves by eth1: " + local);
        assertEquals(1, forward.failures().size(), () -> "without mwan3 the DNAT reply leaves by eth1: " + forward);

        lab.apply(rule("all", "balanced"), allOnline());
        Flows localNow = new Flows(lab.java.flows(t.inet(), wan2, 7070, 5, null));
        Flows forwardNow = new Flows(lab.java.flows(t.inet(), wan2, 9191, 5, null));
        assertEquals(List.of(), localNow.failures(), () -> "reply to the router leaves by eth2" + lab.diag());
        assertEquals(List.of(), forwardNow.failures(), () -> "port-forward reply leaves by eth2" + lab.diag());
        assertEquals(Set.of("198.18.2.2"), Set.copyOf(forwardNow.lines()), "DNAT keeps the client address");
    }

    @Test
    void teardownRestoresTheKernel() {
        lab.apply(optionRules() + rule("stick", "equal", "sticky", "1"), allOnline());
        lab.flows(SERVER, PORT, 5, LAN + 10);
        assertNotEquals(pristine, snapshot(), "the plan changed something");
        ApplyResult r = lab.kernel.reconcile(DesiredState.EMPTY, lab.ownership);
        assertTrue(r.ok(), r::toString);
        assertEquals(pristine, snapshot());
    }

    @Test
    void secondReconcileMakesNoMutation() {
        String rules = optionRules() + rule("stick", "equal", "sticky", "1");
        Map<String, IfaceState> states = statesExcept(Set.of("wan3"), Set.of("wan3_6"));
        DesiredState first = lab.apply(rules, states);
        lab.flows(SERVER, PORT, 5, LAN + 10);
        DesiredState again = lab.plan(rules, states);
        assertEquals(first, again, "the plan from the kernel's routes after the apply");
        ApplyResult r = lab.kernel.reconcile(again, lab.ownership);
        assertTrue(r.ok(), r::toString);
        assertEquals(0, r.mutations(), lab::diag);
    }

    /** proto+dest_port, src_ip, dest_ip, ipset, dotted mask, family; the first match wins. */
    private static String optionRules() {
        return rule("p8081", "only_wan3", "proto", "tcp", "dest_port", Integer.toString(PORT2), "logging", "1")
                + rule("src12", "only_wan3", "src_ip", LAN + 12)
                + rule("dst2", "only_wan3", "dest_ip", Topology.target(2))
                + rule("lst", "only_wan3", "ipset", "lst")
                + rule("odd", "only_wan2", "src_ip", "0.0.0.1/0.0.0.1")
                + rule("v4all", "only_wan1", "family", "ipv4")
                + rule("v6all", "only_wan2", "family", "ipv6");
    }

    private static void assertVia(int wan, String server, int port, String source, String why) {
        Flows f = lab.flows(server, port, 6, source);
        assertTrue(f.allVia(wan), () -> why + ": expected all via WAN" + wan + " from " + source + " to " + server
                + ":" + port + ", " + f + lab.diag());
    }

    /** Each WAN's count within ±5 binomial standard deviations of its weight share; no failures. */
    private static void assertSplit(Flows f, int n, int... weights) {
        assertEquals(List.of(), f.failures(), () -> f + lab.diag());
        assertEquals(n, f.lines().size());
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        for (int k = 1; k <= weights.length; k++) {
            double p = (double) weights[k - 1] / total;
            double mean = n * p;
            double bound = 5 * Math.sqrt(n * p * (1 - p));
            long seen = f.count(k);
            int wan = k;
            assertTrue(Math.abs(seen - mean) <= bound, () -> "WAN" + wan + ": " + seen + " not within " + mean + " ± "
                    + bound + "; " + f + lab.diag());
        }
    }

    /** Unreachable: the router answers with an ICMP error, so connect fails at once, not by timeout. */
    private static void assertFailsFast(Flows f) {
        assertEquals(f.lines().size(), f.failures().size(), () -> "all fail: " + f + lab.diag());
        assertTrue(f.lines().stream().noneMatch(l -> l.toLowerCase().contains("timed out")),
                () -> "failed fast, not by timeout: " + f.lines() + lab.diag());
    }

    /** Blackhole: packets vanish without an answer, so the connect times out. */
    private static void assertTimesOut(Flows f) {
        assertTrue(!f.lines().isEmpty() && f.lines().stream().allMatch(l -> l.toLowerCase().contains("timed out")),
                () -> "silently dropped: " + f.lines() + lab.diag());
    }

    /** Everything teardown must restore: rules, tables, the routes of our tables and main. */
    private static String snapshot() {
        StringBuilder sb = new StringBuilder();
        sb.append(lab.router("ip", "-4", "rule")).append(lab.router("ip", "-6", "rule"))
                .append(lab.router("nft", "list", "tables")).append(lab.router("nft", "list", "table", "inet", "lab_nat"))
                .append(lab.router("nft", "list", "table", "ip", "lab_dnat"))
                .append(lab.router("ip", "-4", "route", "show", "table", "main"))
                .append(lab.router("ip", "-6", "route", "show", "table", "main"));
        for (int table = 1; table <= RoutingLab.IFACES.size(); table++) {
            for (String f : List.of("-4", "-6")) {
                sb.append("table ").append(table).append(f).append(":\n")
                        .append(lab.routerOutput("ip", f, "route", "show", "table", Integer.toString(table)));
            }
        }
        return sb.toString();
    }
}
