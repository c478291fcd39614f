package net.mwan3.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import net.mwan3.plan.NftTable;

class NftScriptTest {

    @Test
    void createsEverythingIntoAnAbsentTable() {
        String script = NftScript.render(KernelFixtures.desired().table(), NftInventory.ABSENT);
        assertEquals("""
                add table inet mwan3
                add chain inet mwan3 mwan3_hook { type filter hook prerouting priority mangle; policy accept; }
                add chain inet mwan3 mwan3_rules
                add chain inet mwan3 mwan3_policy_balanced
                add set inet mwan3 connected4 { type ipv4_addr; flags interval; }
                add element inet mwan3 connected4 { 198.51.100.0/26, 198.51.100.64/26, 203.0.113.0/24 }
                add set inet mwan3 dyn4 { type ipv4_addr; flags interval; }
                add map inet mwan3 sticky_wan { type ipv4_addr : mark; flags timeout; timeout 600s; }
                add rule inet mwan3 mwan3_hook ip daddr @connected4 return
                add rule inet mwan3 mwan3_hook ip daddr @dyn4 return
                add rule inet mwan3 mwan3_hook jump mwan3_rules
                add rule inet mwan3 mwan3_rules ip saddr 192.0.2.0/24 jump mwan3_policy_balanced
                add rule inet mwan3 mwan3_policy_balanced meta mark set 0x00000100
                """, script);
    }

    @Test
    void flushesChainsFirstKeepsKeepSetsAndDeletesWhatIsGone() {
        NftInventory observed = new NftInventory(true,
                Map.of("mwan3_hook", "filter prerouting -150 accept", "mwan3_rules", "", "mwan3_policy_balanced", ""),
                Map.of("connected4", new NftInventory.SetShape("set", "ipv4_addr", 3),
                        "dyn4", new NftInventory.SetShape("set", "ipv4_addr", 5),
                        "sticky_wan", new NftInventory.SetShape("map", "ipv4_addr : mark", 1),
                        "old_set", new NftInventory.SetShape("set", "ipv6_addr", 0)));
        String script = NftScript.render(KernelFixtures.changed().table(), observed);
        assertEquals("""
                add table inet mwan3
                flush chain inet mwan3 mwan3_hook
                flush chain inet mwan3 mwan3_policy_balanced
                flush chain inet mwan3 mwan3_rules
                flush set inet mwan3 connected4
                delete set inet mwan3 old_set
                flush map inet mwan3 sticky_wan
                delete chain inet mwan3 mwan3_policy_balanced
                add chain inet mwan3 mwan3_policy_wan_only
                add element inet mwan3 connected4 { 198.51.100.0/26, 198.51.100.64/26 }
                add rule inet mwan3 mwan3_hook ip daddr @connected4 return
                add rule inet mwan3 mwan3_hook ip daddr @dyn4 return
                add rule inet mwan3 mwan3_hook jump mwan3_rules
                add rule inet mwan3 mwan3_rules ip saddr 192.0.2.0/24 jump mwan3_policy_wan_only
                add rule inet mwan3 mwan3_policy_wan_only meta mark set 0x00000200
                """, script);
    }

    @Test
    void recreatesChainsAndSetsWhoseShapeChanged() {
        NftInventory observed = new NftInventory(true,
                Map.of("mwan3_hook", "filter input 0 accept", "mwan3_rules", "filter forward 0 drop",
                        "mwan3_policy_balanced", ""),
                Map.of("connected4", new NftInventory.SetShape("set", "ipv6_addr", 0),
                        "dyn4", new NftInventory.SetShape("map", "ipv4_addr : mark", 2),
                        "sticky_wan", new NftInventory.SetShape("map", "ipv4_addr : mark", 0)));
        String script = NftScript.render(KernelFixtures.desired().table(), observed);
        assertTrue(script.contains("delete chain inet mwan3 mwan3_hook\n"), script);
        assertTrue(script.contains("delete chain inet mwan3 mwan3_rules\n"), script);
        assertTrue(script.contains("delete set inet mwan3 connected4\n"), script);
        assertTrue(script.contains("delete map inet mwan3 dyn4\n"), script);
        assertTrue(script.contains("add set inet mwan3 dyn4 { type ipv4_addr; flags interval; }\n"), script);
        assertTrue(!script.contains("sticky_wan {"), "an empty map of the right shape is kept: " + script);
        assertTrue(script.indexOf("delete chain") > script.lastIndexOf("flush chain"), script);
    }

    @Test
    void emptyDesiredDeletesTheTableOrDoesNothing() {
        assertEquals("delete table inet mwan3\n", NftScript.render(NftTable.EMPTY, new NftInventory(true, Map.of(), Map.of())));
        assertEquals("", NftScript.render(NftTable.EMPTY, NftInventory.ABSENT));
    }

    @Test
    void signaturesMatchWhatNftJsonShows() {
        assertEquals("filter prerouting -150 accept", NftScript.baseSignature(KernelFixtures.HOOK));
        assertEquals("route output -151 drop", NftScript.baseSignature("type route hook output priority mangle - 1; policy drop;"));
        assertEquals("filter forward 10 accept", NftScript.baseSignature("type filter hook forward priority 10"));
        assertEquals("", NftScript.baseSignature(null));
        assertThrows(IllegalArgumentException.class, () -> NftScript.baseSignature("hook prerouting"));
        assertEquals("ipv4_addr . inet_service : mark", NftScript.typeSignature("type ipv4_addr.inet_service:mark; flags timeout"));
        assertEquals("map", NftScript.kind("type ipv4_addr : mark"));
        assertEquals("set", NftScript.kind("typeof ip saddr"));
    }
}
