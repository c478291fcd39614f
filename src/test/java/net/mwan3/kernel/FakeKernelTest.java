package net.mwan3.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import net.mwan3.model.Family;
import net.mwan3.plan.IpRule;
import net.mwan3.plan.Route;

/** The kernel contract against the strict fake, plus the fake's own strictness. */
class FakeKernelTest extends KernelContractTest {
    private FakeKernel fake;
    private int seeded;

    @BeforeEach
    void seed() {
        fake = new FakeKernel();
        fake.replaceRoute(KernelFixtures.v4(Route.MAIN, "default", "198.51.100.1", "eth1", null, null, null, 10));
        fake.replaceRoute(KernelFixtures.v4(Route.MAIN, "default", "198.51.100.65", "eth2", null, null, null, 20));
        fake.replaceRoute(new Route(Family.IPV6, Route.MAIN, "unicast", "default", "2001:db8:1::1", "eth1",
                null, null, null, 10));
        fake.replaceRoute(new Route(Family.IPV4, Route.LOCAL, "local", "198.51.100.2", null, "eth1", "kernel",
                "host", "198.51.100.2", null));
        seeded = fake.mutations();
    }

    @Override
    protected Kernel kernel() {
        return fake;
    }

    @Override
    protected int mutations() {
        return fake.mutations() - seeded;
    }

    @Override
    protected void deleteRuleBehindBack(IpRule rule) {
        fake.deleteRule(rule);
    }

    @Override
    protected void addStrayRuleBehindBack(Family family, int pref) {
        fake.addRule(family, pref, null, "from 192.0.2.0/24 lookup 1");
    }

    @Override
    protected void deleteRouteBehindBack(Route route) {
        fake.deleteRoute(route);
    }

    @Override
    protected void flushChainBehindBack(String chain) {
        fake.flushChain(chain);
    }

    @Override
    protected void replaceFirstRuleBehindBack(String chain, String rule) {
        fake.replaceFirstRule(chain, rule);
    }

    @Override
    protected void addElementBehindBack(String set, String element) {
        fake.addElement(set, element);
    }

    @Override
    protected void addLeftoverBehindBack(IpRule rule, Route route) {
        fake.addRule(rule.family(), rule.pref(), rule, rule.args());
        if (route != null) {
            fake.replaceRoute(route);
        }
    }

    @Override
    protected void addForeignObjects() {
        fake.addRule(Family.IPV4, 1500, null, "from 192.0.2.0/24 lookup 100");
        fake.addRule(Family.IPV4, 1003, null, "from 192.0.2.0/24 iif eth2 lookup 3");
        IpRule table7 = IpRule.fwmark(Family.IPV4, 2003, 0x300, 0x3f00, IpRule.Action.LOOKUP, 7);
        fake.addRule(Family.IPV4, 2003, table7, table7.args());
        IpRule otherMask = IpRule.fwmark(Family.IPV4, 2001, 0x100, 0xff00, IpRule.Action.LOOKUP, 50);
        fake.addRule(Family.IPV4, 2001, otherMask, otherMask.args());
        for (int table : new int[] {100, 3, 7, 50}) {
            fake.replaceRoute(new Route(Family.IPV4, table, "unreachable", "203.0.113.0/24", null, null, null, null,
                    null, null));
        }
        fake.addForeignTable("inet fw4", "{ chain input { type filter hook input priority filter; policy accept; } }");
        fake.addForeignTable("inet user", "{ set blocked { type ipv4_addr; } }");
    }

    @Override
    protected String foreignObjects() {
        return fake.dump().lines().filter(l -> l.contains(" 1500:") || l.contains(" 1003:") || l.contains(" 2003:")
                || l.contains("0xff00") || l.contains("table 100") || l.contains("table 3") || l.contains("table 7")
                || l.contains("table 50") || l.contains("fw4") || l.contains("inet user")).toList().toString();
    }

    @Override
    protected String snapshot() {
        return fake.dump();
    }

    @Override
    protected List<String> chainRules(String chain) {
        return fake.chainRules(chain);
    }

    @Override
    protected List<String> setElements(String set) {
        return fake.elements(set);
    }

    @Test
    void addingARuleThatIsThereFailsWithEexistAnotherAtTheSamePrefDoesNot() {
        IpRule rule = IpRule.iif(Family.IPV4, 1001, "eth1", 1);
        fake.addRule(Family.IPV4, 1001, rule, rule.args());
        KernelException e = assertThrows(KernelException.class, () -> fake.addRule(Family.IPV4, 1001, rule, rule.args()));
        assertTrue(e.isAlreadyExists());
        fake.addRule(Family.IPV4, 1001, null, "from 192.0.2.0/24 lookup 1");
    }

    @Test
    void deletingAMissingRuleOrRouteFailsWithEnoent() {
        assertTrue(assertThrows(KernelException.class,
                () -> fake.deleteRule(IpRule.iif(Family.IPV6, 1001, "eth1", 1))).isNotFound());
        assertThrows(KernelException.class, () -> fake.deleteRoute(KernelFixtures.routes().get(0)));
    }

    @Test
    void dumpIsCanonicalAndTeardownEmptiesIt() {
        String empty = fake.dump();
        fake.reconcile(KernelFixtures.desired(), KernelFixtures.OWNERSHIP).orThrow();
        String dump = fake.dump();
        assertTrue(dump.contains("ipv4 rule 2001: pref 2001 fwmark 0x100/0x3f00 lookup 1\n"), dump);
        assertTrue(dump.contains("  chain mwan3_hook { " + KernelFixtures.HOOK + " }\n    ip daddr @connected4 return\n"), dump);
        fake.reconcile(net.mwan3.plan.DesiredState.EMPTY, KernelFixtures.OWNERSHIP).orThrow();
        assertEquals(empty, fake.dump());
    }
}
