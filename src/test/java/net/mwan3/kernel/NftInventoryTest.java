package net.mwan3.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import net.mwan3.plan.NftChain;
import net.mwan3.plan.NftSet;
import net.mwan3.plan.NftTable;

/** Whether a listed table has the shape of the one applied ({@link NftInventory#holds}). */
class NftInventoryTest {
    private static final String HOOK = "type filter hook prerouting priority mangle; policy accept";
    private static final NftTable TABLE = new NftTable(
            List.of(NftSet.owned("connected4", "type ipv4_addr; flags interval; auto-merge",
                            List.of("127.0.0.0/8", "127.0.0.1", "192.0.2.0/24")),
                    NftSet.owned("marks", "type ipv4_addr : mark", List.of("192.0.2.1 : 0x100", "192.0.2.2 : 0x200")),
                    NftSet.emptied("sticky", "type ipv4_addr; flags timeout"),
                    NftSet.kept("dyn4", "type ipv4_addr; flags interval")),
            List.of(new NftChain("mwan3_hook", HOOK, List.of("ip daddr @connected4 return", "jump mwan3_rules")),
                    new NftChain("mwan3_rules", null, List.of("meta mark set 0x100"))));

    private static NftInventory listed(int connected, int marks, int sticky, int dyn, int hookRules) {
        return new NftInventory(true,
                Map.of("mwan3_hook", "filter prerouting -150 accept", "mwan3_rules", ""),
                Map.of("connected4", new NftInventory.SetShape("set", "ipv4_addr", connected),
                        "marks", new NftInventory.SetShape("map", "ipv4_addr : mark", marks),
                        "sticky", new NftInventory.SetShape("set", "ipv4_addr", sticky),
                        "dyn4", new NftInventory.SetShape("set", "ipv4_addr", dyn)),
                Map.of("mwan3_hook", hookRules, "mwan3_rules", 1));
    }

    @Test
    void theShapeAppliedHoldsWhateverOthersPutInKeepSetsAndHowNftMergedIntervals() {
        assertTrue(listed(3, 2, 0, 0, 2).holds(TABLE));
        assertTrue(listed(2, 2, 0, 57, 2).holds(TABLE), "127.0.0.1 merged into 127.0.0.0/8; dyn4 is someone else's");
    }

    @Test
    void aFlushedChainOrSetAnElementTooManyOrTooFewOrAStrangerInAnEmptySetDoNot() {
        assertFalse(listed(3, 2, 0, 0, 0).holds(TABLE), "mwan3_hook flushed");
        assertFalse(listed(0, 2, 0, 0, 2).holds(TABLE), "connected4 flushed");
        assertFalse(listed(4, 2, 0, 0, 2).holds(TABLE), "an element added to an interval set");
        assertFalse(listed(3, 1, 0, 0, 2).holds(TABLE), "a map element gone");
        assertFalse(listed(3, 2, 1, 0, 2).holds(TABLE), "an element in a set we keep empty");
    }

    @Test
    void aMissingOrReshapedObjectDoesNot() {
        NftInventory noRules = new NftInventory(true, Map.of("mwan3_hook", "filter prerouting -150 accept"),
                listed(3, 2, 0, 0, 2).sets(), Map.of("mwan3_hook", 2));
        assertFalse(noRules.holds(TABLE), "chain mwan3_rules gone");
        NftInventory rehooked = new NftInventory(true,
                Map.of("mwan3_hook", "filter output -150 accept", "mwan3_rules", ""), listed(3, 2, 0, 0, 2).sets(),
                listed(3, 2, 0, 0, 2).rules());
        assertFalse(rehooked.holds(TABLE), "another hook");
        assertFalse(NftInventory.ABSENT.holds(TABLE));
        assertTrue(NftInventory.ABSENT.holds(NftTable.EMPTY));
    }
}
