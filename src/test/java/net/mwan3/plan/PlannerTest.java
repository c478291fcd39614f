package net.mwan3.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import net.mwan3.testing.Golden;

import net.mwan3.config.Mwan3Config;
import net.mwan3.model.IfaceState;

class PlannerTest {
    private final Mwan3Config three = PlanFixtures.config(PlanFixtures.THREE_WANS);

    static String dump(DesiredState d) {
        StringBuilder sb = new StringBuilder(NftText.table(d.table()));
        d.rules().forEach(r -> sb.append(r).append('\n'));
        d.routes().forEach(r -> sb.append(r).append('\n'));
        return sb.toString();
    }

    static void assertGolden(String name, String actual) throws IOException {
        Golden.assertGolden("plan", name, actual);
    }

    @Test
    void threeWansAllOnlineMatchesGolden() throws IOException {
        assertGolden("three-wans-online.txt", dump(Planner.plan(PlanFixtures.input(three, PlanFixtures.allOnline()))));
    }

    @Test
    void planAppliesCleanlyOnTheStrictFakeKernel() {
        DesiredState d = Planner.plan(PlanFixtures.input(three, PlanFixtures.allOnline()));
        net.mwan3.kernel.FakeKernel fake = new net.mwan3.kernel.FakeKernel();
        net.mwan3.kernel.Ownership own = net.mwan3.kernel.Ownership.of(three.globals().mmxMask(),
                three.interfaces().size());
        fake.reconcile(d, own).orThrow();
        assertEquals(0, fake.reconcile(d, own).orThrow().mutations(), "idempotent");
    }

    @Test
    void planIsDeterministic() {
        PlanInput in = PlanFixtures.input(three, PlanFixtures.allOnline());
        assertEquals(Planner.plan(in), Planner.plan(in));
    }

    @Test
    void rulePrefsFollowMwan3NumberingForTheDefaultMask() {
        DesiredState d = Planner.plan(PlanFixtures.input(three, PlanFixtures.allOnline()));
        String v4 = d.rules().stream().filter(r -> r.family() == net.mwan3.model.Family.IPV4)
                .map(r -> Integer.toString(r.pref())).collect(Collectors.joining(","));
        assertEquals("1001,1003,1004,2001,2003,2004,2061,2062,3001,3003,3004", v4);
        assertTrue(d.rules().stream().anyMatch(r -> r.args().equals("pref 2001 fwmark 0x100/0x3f00 lookup 1")));
        assertTrue(d.rules().stream().anyMatch(r -> r.args().equals("pref 3004 fwmark 0x400/0x3f00 unreachable")));
        assertTrue(d.rules().stream().anyMatch(r -> r.args().equals("pref 2061 fwmark 0x3d00/0x3f00 blackhole")));
        assertTrue(d.rules().stream().anyMatch(r -> r.args().equals("pref 1002 iif eth1 lookup 2")
                && r.family() == net.mwan3.model.Family.IPV6));
    }

    @Test
    void maskFf00GivesPrefs2253And2254AndIdsUpTo252() {
        StringBuilder sb = new StringBuilder("config globals 'globals'\n\toption mmx_mask '0xFF00'\n");
        Map<String, IfaceState> states = new HashMap<>();
        for (int i = 1; i <= 252; i++) {
            sb.append("config interface 'w").append(i).append("'\n\toption enabled '1'\n");
            states.put("w" + i, PlanFixtures.online("v" + i));
        }
        DesiredState d = Planner.plan(PlanFixtures.input(PlanFixtures.config(sb.toString()), states));
        List<Integer> prefs = d.rules().stream().filter(r -> r.family() == net.mwan3.model.Family.IPV4)
                .map(IpRule::pref).toList();
        assertTrue(prefs.contains(1001) && prefs.contains(1252) && prefs.contains(2252) && prefs.contains(3252));
        assertTrue(prefs.contains(2253) && prefs.contains(2254));
        assertEquals(3 * 252 + 2, prefs.size());
        assertTrue(d.rules().stream().anyMatch(r -> r.args().equals("pref 2253 fwmark 0xfd00/0xff00 blackhole")));
        assertTrue(d.rules().stream().anyMatch(r -> r.args().equals("pref 2252 fwmark 0xfc00/0xff00 lookup 252")));
    }

    @Test
    void offlineInterfaceKeepsRulesAndTableButLeavesPolicies() {
        Map<String, IfaceState> states = new HashMap<>(PlanFixtures.allOnline());
        states.put("wan", PlanFixtures.offline("eth1"));
        DesiredState d = Planner.plan(PlanFixtures.input(three, states));
        assertTrue(d.rules().stream().anyMatch(r -> r.pref() == 2001), "rules stay while the link is up");
        assertTrue(d.routes().stream().anyMatch(r -> r.table() == 1 && r.isDefault()));
        String balanced = String.join("\n", d.table().chain("mwan3_policy_balanced_ipv4").orElseThrow().rules());
        assertEquals("numgen random mod 3 vmap { 0-1 : jump mwan3_mark_3, 2 : jump mwan3_mark_4 }", balanced);
        List<String> backup = d.table().chain("mwan3_policy_wan_backup_ipv4").orElseThrow().rules();
        assertEquals(List.of("jump mwan3_mark_4"), backup, "the metric-2 member takes over");
        assertEquals(NftSet.Elements.EMPTY, d.table().set("mwan3_sticky_ipv4_https_wan").orElseThrow().policy(),
                "sticky entries of an offline interface are dropped");
        assertFalse(String.join("\n", d.table().chain("mwan3_rule_https_ipv4").orElseThrow().rules())
                .contains("https_wan "), "an offline interface is not consulted for stickiness");
    }

    @Test
    void allMembersOfflineGivesOutRulesThenLastResort() {
        Map<String, IfaceState> states = new HashMap<>(PlanFixtures.allOnline());
        states.put("wan", PlanFixtures.offline("eth1"));
        states.put("wanc", PlanFixtures.offline("eth3"));
        DesiredState d = Planner.plan(PlanFixtures.input(three, states));
        assertEquals(List.of(
                "oifname \"eth1\" meta mark & 0x3f00 == 0 jump mwan3_mark_default",
                "oifname \"eth3\" meta mark & 0x3f00 == 0 jump mwan3_mark_default",
                "meta mark & 0x3f00 == 0 jump mwan3_mark_blackhole"),
                d.table().chain("mwan3_policy_wan_backup_ipv4").orElseThrow().rules());
    }

    @Test
    void downInterfaceLosesRulesTableAndInboundMarking() {
        Map<String, IfaceState> states = new HashMap<>(PlanFixtures.allOnline());
        states.put("wanb", IfaceState.DOWN);
        DesiredState d = Planner.plan(PlanFixtures.input(three, states));
        assertTrue(d.rules().stream().noneMatch(r -> r.pref() % 1000 == 3 && r.pref() < 4000));
        assertTrue(d.routes().stream().noneMatch(r -> r.table() == 3));
        assertTrue(d.table().chain("mwan3_iface_in_wanb").isEmpty());
        assertTrue(d.table().chain("mwan3_mark_3").isPresent(), "its mark chain stays for the restore map");
    }

    @Test
    void routesAreCopiedAsMwan3Does() {
        DesiredState d = Planner.plan(PlanFixtures.input(three, PlanFixtures.allOnline()));
        List<String> table1 = d.routes().stream().filter(r -> r.table() == 1).map(Route::args).toList();
        assertEquals(List.of("default via 198.51.100.1 dev eth1 proto static metric 10 table 1",
                "198.51.100.0/26 dev eth1 proto kernel scope link table 1",
                "192.0.2.0/24 dev br-lan proto kernel scope link table 1"), table1);
        List<String> table2 = d.routes().stream().filter(r -> r.table() == 2).map(Route::args).toList();
        assertEquals(List.of("default via 2001:db8:1::1 dev eth1 proto static metric 10 table 2",
                "2001:db8:1::/64 dev eth1 proto kernel scope link metric 256 table 2",
                "fe80::/64 dev eth1 proto kernel scope link metric 256 table 2"), table2);
    }

    @Test
    void connectedSetHoldsMainAndLocalDestinationsAndMulticast() {
        DesiredState d = Planner.plan(PlanFixtures.input(three, PlanFixtures.allOnline()));
        assertEquals(List.of("198.51.100.0/26", "198.51.100.64/26", "198.51.100.128/26", "192.0.2.0/24",
                "198.51.100.2", "224.0.0.0/3"), d.table().set("mwan3_connected_ipv4").orElseThrow().elements());
        assertEquals(NftSet.Elements.KEEP, d.table().set("mwan3_dynamic_ipv4").orElseThrow().policy());
    }

    /**
     * src_iface was resolved to a device when the config was read (an mwan3 interface's device, the
     * network file, the name); an mwan3 interface that is up uses the device it is up on. The rule is
     * there whether or not the interface is up.
     */
    @Test
    void srcIfaceRulesMatchTheResolvedDeviceAndLoggingNeedsBothSwitches() {
        String uci = PlanFixtures.THREE_WANS.replace("config globals 'globals'",
                "config globals 'globals'\n\toption logging '1'\n\toption loglevel 'warning'")
                + "config rule 'from_wanb'\n\toption src_iface 'wanb'\n\toption use_policy 'balanced'\n"
                + "\toption logging '1'\n"
                + "config rule 'from_lan'\n\toption src_iface 'br-lan'\n\toption use_policy 'default'\n";
        Mwan3Config c = PlanFixtures.config(uci);
        String up = String.join("\n", Planner.plan(PlanFixtures.input(c, PlanFixtures.allOnline())).table()
                .chain("mwan3_rules").orElseThrow().rules());
        assertTrue(up.contains("iifname \"eth2\" counter log prefix \"MWAN3(from_wanb) \" level warn jump"), up);
        assertTrue(up.contains("iifname \"br-lan\" counter jump mwan3_mark_default"), up);
        Map<String, IfaceState> states = new HashMap<>(PlanFixtures.allOnline());
        states.put("wanb", IfaceState.DOWN);
        String down = String.join("\n", Planner.plan(PlanFixtures.input(c, states)).table()
                .chain("mwan3_rules").orElseThrow().rules());
        assertTrue(down.contains("iifname \"wanb\" counter log prefix \"MWAN3(from_wanb) \""),
                "while down, the rule stays, on the device the config names: " + down);
    }

    @Test
    void ipsetRulesNameOneSetPerFamilyThatOthersFill() {
        String uci = PlanFixtures.THREE_WANS + "config rule 'yt'\n\toption ipset 'youtube'\n"
                + "\toption use_policy 'wan_backup'\n";
        DesiredState d = Planner.plan(PlanFixtures.input(PlanFixtures.config(uci), PlanFixtures.allOnline()));
        assertEquals(NftSet.Elements.KEEP, d.table().set("youtube_v4").orElseThrow().policy());
        assertEquals(NftSet.Elements.KEEP, d.table().set("youtube_v6").orElseThrow().policy());
        assertTrue(d.table().chain("mwan3_rules").orElseThrow().rules().stream()
                .anyMatch(r -> r.contains("ip daddr @youtube_v4")));
    }

    @Test
    void useCgroupsSteerTheirSocketsByTheInterfaceMarkWhileItIsUp() {
        Map<String, IfaceState> states = new HashMap<>(PlanFixtures.allOnline());
        states.put("wanc", IfaceState.DOWN);
        PlanInput in = new PlanInput(three, states, PlanFixtures.mainRoutes(), java.util.Set.of("wanb", "wanc"));
        List<String> output = Planner.plan(in).table().chain("output").orElseThrow().rules();
        assertEquals(List.of("socket cgroupv2 level 2 \"mwan3/use_wanb\" meta mark & 0x3f00 == 0 jump mwan3_mark_3",
                "jump mwan3_hook"), output, "only interfaces that are up; the hook still runs for everything else");
    }

    @Test
    void tunnelsGetTcpMssClampedToTheirMtu() {
        String uci = PlanFixtures.THREE_WANS + "config tunnel 'bond0'\n\toption role 'client'\n\tlist path 'wan'\n"
                + "\tlist peer '203.0.113.10:7000'\n\toption key 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='\n"
                + "\toption private_key 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='\n"
                + "\toption peer_public_key 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='\n";
        DesiredState d = Planner.plan(PlanFixtures.input(PlanFixtures.config(uci), PlanFixtures.allOnline()));
        assertEquals(List.of("oifname \"bond0\" tcp flags & (syn | rst) == syn tcp option maxseg size set rt mtu"),
                d.table().chain("forward").orElseThrow().rules());
        assertTrue(Planner.plan(PlanFixtures.input(three, PlanFixtures.allOnline())).table().chain("forward").isEmpty());
    }

    @Test
    void nonContiguousMaskSpreadsMarkBits() {
        String uci = "config globals 'globals'\n\toption mmx_mask '0xAA'\n"
                + "config interface 'a'\n\toption enabled '1'\n"
                + "config interface 'b'\n\toption enabled '1'\n";
        DesiredState d = Planner.plan(PlanFixtures.input(PlanFixtures.config(uci),
                Map.of("a", PlanFixtures.online("eth1"), "b", PlanFixtures.online("eth2"))));
        assertTrue(d.rules().stream().anyMatch(r -> r.args().equals("pref 2002 fwmark 0x8/0xaa lookup 2")));
        assertEquals(List.of("meta mark set meta mark & 0xffffff55 | 0x8"),
                d.table().chain("mwan3_mark_2").orElseThrow().rules());
        assertTrue(d.rules().stream().anyMatch(r -> r.args().equals("pref 2014 fwmark 0xa8/0xaa unreachable")),
                "mask 0xAA: 4 bits, MM_UNREACHABLE 14 -> 0xa8");
    }
}
