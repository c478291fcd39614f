package net.mwan3.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import net.mwan3.plan.NftChain;
import net.mwan3.plan.NftSet;
import net.mwan3.plan.NftTable;

class NftDeltaTest {
    private static final String HOOK = "type filter hook prerouting priority mangle; policy accept";

    private static NftTable table(String policyRule, NftSet.Elements sticky, List<String> connected) {
        return new NftTable(List.of(
                NftSet.owned("connected4", "type ipv4_addr; flags interval", connected),
                NftSet.kept("dyn4", "type ipv4_addr; flags interval"),
                new NftSet("sticky_wan", "type ipv4_addr; flags dynamic, timeout; timeout 600s", sticky, List.of())),
                List.of(new NftChain("prerouting", HOOK, List.of("jump mwan3_rules")),
                        new NftChain("mwan3_rules", null, List.of("ip saddr 192.0.2.0/24 jump p")),
                        new NftChain("p", null, List.of(policyRule))));
    }

    @Test
    void onlyChangedChainsAreRewritten() {
        NftTable a = table("jump m1", NftSet.Elements.KEEP, List.of("10.0.0.0/8"));
        NftTable b = table("jump m2", NftSet.Elements.KEEP, List.of("10.0.0.0/8"));
        assertEquals(Optional.of("flush chain inet mwan3 p\nadd rule inet mwan3 p jump m2\n"), NftDelta.render(a, b));
        assertEquals(Optional.of(""), NftDelta.render(a, a));
    }

    @Test
    void stickyEntriesAreFlushedWhenTheirInterfaceLeavesAndOwnedElementsReplaced() {
        NftTable a = table("jump m1", NftSet.Elements.KEEP, List.of("10.0.0.0/8"));
        NftTable b = table("jump m1", NftSet.Elements.EMPTY, List.of("10.0.0.0/8", "192.168.0.0/16"));
        String script = NftDelta.render(a, b).orElseThrow();
        assertTrue(script.contains("flush set inet mwan3 sticky_wan\n"), script);
        assertTrue(script.contains("flush set inet mwan3 connected4\nadd element inet mwan3 connected4 { 10.0.0.0/8, "
                + "192.168.0.0/16 }\n"), script);
        assertTrue(!script.contains("dyn4"), "KEEP sets are never touched");
    }

    @Test
    void newChainsAreDeclaredFirstAndRemovedOnesDeletedLast() {
        NftTable a = table("jump m1", NftSet.Elements.KEEP, List.of());
        NftTable b = new NftTable(a.sets(), List.of(a.chains().get(0), a.chains().get(1),
                new NftChain("q", null, List.of("jump m3"))));
        NftTable b2 = new NftTable(b.sets(), List.of(b.chains().get(0),
                new NftChain("mwan3_rules", null, List.of("jump q")), b.chains().get(2)));
        String script = NftDelta.render(a, b2).orElseThrow();
        List<String> lines = List.of(script.split("\n"));
        assertEquals("add chain inet mwan3 q", lines.get(0));
        assertEquals("delete chain inet mwan3 p", lines.get(lines.size() - 1));
        assertTrue(lines.indexOf("flush chain inet mwan3 p") < lines.indexOf("delete chain inet mwan3 p"));
    }

    @Test
    void shapeChangesNeedTheFullRebuild() {
        NftTable a = table("jump m1", NftSet.Elements.KEEP, List.of());
        NftTable timeout = new NftTable(List.of(a.sets().get(0), a.sets().get(1),
                NftSet.kept("sticky_wan", "type ipv4_addr; flags dynamic, timeout; timeout 60s")), a.chains());
        assertEquals(Optional.empty(), NftDelta.render(a, timeout));
        NftTable base = new NftTable(a.sets(), List.of(new NftChain("prerouting",
                "type filter hook prerouting priority raw; policy accept", List.of("jump mwan3_rules")),
                a.chains().get(1), a.chains().get(2)));
        assertEquals(Optional.empty(), NftDelta.render(a, base));
        assertEquals(Optional.empty(), NftDelta.render(NftTable.EMPTY, a), "nothing applied yet: full");
    }
}
