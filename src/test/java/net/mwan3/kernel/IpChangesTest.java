package net.mwan3.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import net.mwan3.model.Family;
import net.mwan3.model.MarkMask;
import net.mwan3.plan.DesiredState;
import net.mwan3.plan.IpRule;
import net.mwan3.plan.NftTable;
import net.mwan3.plan.Route;

class IpChangesTest {
    private static final IpRule R1 = IpRule.iif(Family.IPV4, 1001, "eth1", 1);
    private static final IpRule R2 = IpRule.fwmark(Family.IPV4, 2001, 0x100, 0x3f00, IpRule.Action.LOOKUP, 1);

    private static ObservedState observed(List<IpRule> rules, List<Route> routes) {
        return new ObservedState(rules, routes, NftInventory.ABSENT);
    }

    private static List<String> commands(IpChanges c) {
        return c.steps().stream().map(IpChanges.Step::command).toList();
    }

    @Test
    void equalStatesNeedNothing() {
        DesiredState d = KernelFixtures.desired();
        assertTrue(IpChanges.between(d, observed(d.rules(), d.routes())).isEmpty());
    }

    @Test
    void changedRuleIsDeletedAndAddedMissingOnesAdded() {
        IpRule old = IpRule.iif(Family.IPV4, 1001, "eth9", 1);
        IpChanges c = IpChanges.between(new DesiredState(NftTable.EMPTY, List.of(R1, R2), List.of()),
                observed(List.of(old), List.of()));
        assertEquals(List.of("ip -4 rule del pref 1001 iif eth9 lookup 1", "ip -4 rule add pref 1001 iif eth1 lookup 1",
                "ip -4 rule add pref 2001 fwmark 0x100/0x3f00 lookup 1"), commands(c));
    }

    @Test
    void routesCompareWithKernelDefaultsAndReplaceInPlace() {
        Route wanted = KernelFixtures.v4(1, "default", "198.51.100.1", "eth1", null, null, null, 10);
        Route sameShownByKernel = KernelFixtures.v4(1, "default", "198.51.100.1", "eth1", "boot", "global", null, 10);
        Route otherGateway = KernelFixtures.v4(1, "default", "198.51.100.9", "eth1", null, null, null, 10);
        Route stale = KernelFixtures.v4(1, "192.0.2.0/24", null, "eth1", null, "link", null, null);
        DesiredState d = new DesiredState(NftTable.EMPTY, List.of(), List.of(wanted));
        assertTrue(IpChanges.between(d, observed(List.of(), List.of(sameShownByKernel))).isEmpty());
        IpChanges c = IpChanges.between(d, observed(List.of(), List.of(otherGateway, stale)));
        assertEquals(List.of("ip -4 route del 192.0.2.0/24 dev eth1 scope link table 1",
                "ip -4 route replace default via 198.51.100.1 dev eth1 metric 10 table 1"), commands(c));
    }

    @Test
    void ownershipIsMwan3sExactShapeAndTheConfigsTables() {
        Ownership o = Ownership.of(MarkMask.DEFAULT, 2);
        assertTrue(o.owns(R1) && o.owns(R2));
        assertTrue(o.owns(IpRule.iif(Family.IPV6, 1060, "wan60", 60)), "any id the mask allows");
        assertTrue(o.owns(IpRule.fwmark(Family.IPV4, 2061, 0x3d00, 0x3f00, IpRule.Action.BLACKHOLE, 0)));
        assertTrue(o.owns(IpRule.fwmark(Family.IPV4, 3005, 0x500, 0x3f00, IpRule.Action.UNREACHABLE, 0)));
        for (IpRule foreign : List.of(
                IpRule.iif(Family.IPV4, 1001, "eth1", 7),
                IpRule.iif(Family.IPV4, 1061, "eth1", 61),
                IpRule.fwmark(Family.IPV4, 2001, 0x100, 0xff00, IpRule.Action.LOOKUP, 1),
                IpRule.fwmark(Family.IPV4, 2001, 0x200, 0x3f00, IpRule.Action.LOOKUP, 1),
                IpRule.fwmark(Family.IPV4, 2001, 0x100, 0x3f00, IpRule.Action.UNREACHABLE, 0),
                IpRule.fwmark(Family.IPV4, 1500, 0x100, 0x3f00, IpRule.Action.LOOKUP, 1),
                IpRule.fwmark(Family.IPV4, 2062, 0x3d00, 0x3f00, IpRule.Action.UNREACHABLE, 0))) {
            assertFalse(o.owns(foreign), foreign.toString());
        }
        assertTrue(Ownership.of(new MarkMask(0xff00), 1).owns(
                IpRule.fwmark(Family.IPV4, 2253, 0xfd00, 0xff00, IpRule.Action.BLACKHOLE, 0)));
        assertEquals(List.of(1, 2), o.tables().stream().sorted().toList());
        assertTrue(o.lookingUp(List.of(IpRule.iif(Family.IPV4, 1007, "eth7", 7))).ownsTable(7));
        assertFalse(o.with(List.of(), List.of(254, 255, 253)).ownsTable(254), "main, local, default: never");
    }
}
