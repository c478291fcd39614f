package net.mwan3.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import net.mwan3.model.Family;
import net.mwan3.model.MarkMask;
import net.mwan3.netlink.ParsedRule;
import net.mwan3.plan.DesiredState;
import net.mwan3.plan.IpRule;
import net.mwan3.plan.NftTable;
import net.mwan3.plan.Route;

class IpChangesTest {
    private static final IpRule R1 = IpRule.iif(Family.IPV4, 1001, "eth1", 1);
    private static final IpRule R2 = IpRule.fwmark(Family.IPV4, 2001, 0x100, 0x3f00, IpRule.Action.LOOKUP, 1);

    private static ObservedState observed(List<IpRule> rules, List<ParsedRule> strays, List<Route> routes) {
        return new ObservedState(rules, strays, routes, NftInventory.ABSENT);
    }

    private static List<String> commands(IpChanges c) {
        return c.steps().stream().map(IpChanges.Step::command).toList();
    }

    @Test
    void equalStatesNeedNothing() {
        DesiredState d = KernelFixtures.desired();
        assertTrue(IpChanges.between(d, observed(d.rules(), List.of(), d.routes())).isEmpty());
    }

    @Test
    void changedRuleIsDeletedAndAddedMissingOnesAdded() {
        IpRule old = IpRule.iif(Family.IPV4, 1001, "eth9", 1);
        IpChanges c = IpChanges.between(new DesiredState(NftTable.EMPTY, List.of(R1, R2), List.of()),
                observed(List.of(old), List.of(), List.of()));
        assertEquals(List.of("ip -4 rule del pref 1001 iif eth9 lookup 1", "ip -4 rule add pref 1001 iif eth1 lookup 1",
                "ip -4 rule add pref 2001 fwmark 0x100/0x3f00 lookup 1"), commands(c));
    }

    @Test
    void aStrayEmptiesItsPrefBeforeOurRuleIsAdded() {
        ParsedRule stray = new ParsedRule(Family.IPV4, 1001, null, "{}");
        IpChanges c = IpChanges.between(new DesiredState(NftTable.EMPTY, List.of(R1), List.of()),
                observed(List.of(R1), List.of(stray), List.of()));
        assertEquals(List.of("ip -4 rule del pref 1001", "ip -4 rule del pref 1001",
                "ip -4 rule add pref 1001 iif eth1 lookup 1"), commands(c));
    }

    @Test
    void routesCompareWithKernelDefaultsAndReplaceInPlace() {
        Route wanted = KernelFixtures.v4(1, "default", "198.51.100.1", "eth1", null, null, null, 10);
        Route sameShownByKernel = KernelFixtures.v4(1, "default", "198.51.100.1", "eth1", "boot", "global", null, 10);
        Route otherGateway = KernelFixtures.v4(1, "default", "198.51.100.9", "eth1", null, null, null, 10);
        Route stale = KernelFixtures.v4(1, "192.0.2.0/24", null, "eth1", null, "link", null, null);
        DesiredState d = new DesiredState(NftTable.EMPTY, List.of(), List.of(wanted));
        assertTrue(IpChanges.between(d, observed(List.of(), List.of(), List.of(sameShownByKernel))).isEmpty());
        IpChanges c = IpChanges.between(d, observed(List.of(), List.of(), List.of(otherGateway, stale)));
        assertEquals(List.of("ip -4 route del 192.0.2.0/24 dev eth1 scope link table 1",
                "ip -4 route replace default via 198.51.100.1 dev eth1 metric 10 table 1"), commands(c));
    }

    @Test
    void ownershipFollowsMwan3Numbering() {
        Ownership o = Ownership.of(MarkMask.DEFAULT, 2);
        assertEquals(List.of(1001, 1002, 2001, 2002, 2061, 2062, 3001, 3002), o.prefs().stream().sorted().toList());
        assertEquals(List.of(1, 2), o.tables().stream().sorted().toList());
        assertEquals(List.of(1001, 2001, 2253, 2254, 3001),
                Ownership.of(new MarkMask(0xff00), 1).prefs().stream().sorted().toList());
    }
}
