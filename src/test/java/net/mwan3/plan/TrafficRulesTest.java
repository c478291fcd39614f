package net.mwan3.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import net.mwan3.config.Mwan3Config;
import net.mwan3.kernel.FakeKernel;
import net.mwan3.kernel.Ownership;
import net.mwan3.model.IfaceState;

class TrafficRulesTest {
    private static final String TRACKED = String.join("\n",
            "config globals 'globals'",
            "\toption mmx_mask '0x3F00'",
            "config interface 'wan'",
            "\toption enabled '1'", "\tlist track_ip '203.0.113.1'",
            "config interface 'wanb'",
            "\toption enabled '1'", "\tlist track_ip '203.0.113.1'", "\toption traffic_detection '0'",
            "config interface 'wanc'",
            "\toption enabled '1'",
            "config interface 'wan6'",
            "\toption enabled '1'", "\toption family 'ipv6'", "\tlist track_ip '2001:db8:ff::1'",
            "config member 'm'", "\toption interface 'wan'",
            "config policy 'p'", "\tlist use_member 'm'",
            "");

    private static DesiredState plan(String uci, Map<String, IfaceState> states) {
        return Planner.plan(PlanFixtures.input(PlanFixtures.config(uci), states));
    }

    @Test
    void trackedWansWithTheOptionOnAreCountedBothWaysOurProbesAndRelatedPacketsLeftOut() {
        DesiredState d = plan(TRACKED, Map.of("wan", PlanFixtures.online("eth1"), "wanb", PlanFixtures.online("eth2"),
                "wanc", PlanFixtures.online("eth3")));
        assertEquals(List.of("mwan3_out_wan", "mwan3_reply_wan", "mwan3_out_wan6", "mwan3_reply_wan6"),
                d.table().counters(), "declared whether up or not, so they keep counting across ifdown");
        NftChain out = d.table().chain(TrafficRules.OUT_CHAIN).orElseThrow();
        assertEquals("type filter hook postrouting priority mangle; policy accept", out.base());
        assertEquals(List.of("meta nfproto ipv4 oifname \"eth1\" ct direction original meta mark & 0x3f00 != 0x3f00"
                + " counter name \"mwan3_out_wan\""), out.rules(), "wan6 is down: no rule");
        NftChain reply = d.table().chain(TrafficRules.REPLY_CHAIN).orElseThrow();
        assertEquals("type filter hook prerouting priority mangle; policy accept", reply.base());
        assertEquals(List.of("meta nfproto ipv4 iifname \"eth1\" ct direction reply ct state established"
                + " counter name \"mwan3_reply_wan\""), reply.rules());
    }

    @Test
    void offEverywhereInGlobalsAndUntrackedMeansNoCountersAndNoChains() {
        String off = TRACKED.replace("\toption mmx_mask '0x3F00'", "\toption mmx_mask '0x3F00'\n\toption traffic_detection '0'");
        DesiredState d = plan(off, Map.of("wan", PlanFixtures.online("eth1")));
        assertTrue(d.table().counters().isEmpty());
        assertTrue(d.table().chain(TrafficRules.OUT_CHAIN).isEmpty());
        String on = off.replace("config interface 'wan'\n", "config interface 'wan'\n\toption traffic_detection '1'\n");
        assertEquals(List.of("mwan3_out_wan", "mwan3_reply_wan"), plan(on, Map.of()).table().counters(),
                "the interface's option wins over globals'");
        DesiredState untracked = Planner.plan(PlanFixtures.input(PlanFixtures.config(PlanFixtures.THREE_WANS),
                PlanFixtures.allOnline()));
        assertTrue(untracked.table().counters().isEmpty());
        assertTrue(untracked.table().chain(TrafficRules.REPLY_CHAIN).isEmpty());
    }

    @Test
    void countersSurviveReconcilesOnTheStrictFakeAndGoWithTheirInterface() {
        Mwan3Config c = PlanFixtures.config(TRACKED);
        FakeKernel fake = new FakeKernel();
        Ownership own = Ownership.of(c.globals().mmxMask(), c.interfaces().size());
        DesiredState up = Planner.plan(PlanFixtures.input(c, Map.of("wan", PlanFixtures.online("eth1"))));
        fake.reconcile(up, own).orThrow();
        fake.count("mwan3_out_wan", 7);
        DesiredState down = Planner.plan(PlanFixtures.input(c, Map.of()));
        fake.reconcile(down, own).orThrow();
        assertEquals(7L, fake.counters().get("mwan3_out_wan"), "the WAN went down: its counter stays");
        Mwan3Config without = PlanFixtures.config(TRACKED.replace("\tlist track_ip '203.0.113.1'\nconfig interface 'wanb'",
                "\toption traffic_detection '0'\nconfig interface 'wanb'"));
        fake.reconcile(Planner.plan(PlanFixtures.input(without, Map.of())), own).orThrow();
        assertEquals(List.of("mwan3_out_wan6", "mwan3_reply_wan6"), List.copyOf(fake.counters().keySet()));
    }
}
