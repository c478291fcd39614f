package net.mwan3.kernel;

import static net.mwan3.kernel.KernelFixtures.OWNERSHIP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import net.mwan3.model.Family;
import net.mwan3.plan.DesiredState;
import net.mwan3.plan.IpRule;
import net.mwan3.plan.KernelRoutes;
import net.mwan3.plan.NftChain;
import net.mwan3.plan.NftSet;
import net.mwan3.plan.NftTable;
import net.mwan3.plan.Route;

/**
 * The behaviour every {@link Kernel} must show, run against the fake (surefire) and against a
 * real kernel in a namespace (failsafe). Subclasses provide a kernel whose main table has
 * eth1 (198.51.100.2/26, 2001:db8:1::2/64, default metric 10) and eth2 (198.51.100.66/26, default
 * metric 20), and the means to edit it behind the adapter's back.
 */
abstract class KernelContractTest {

    protected abstract Kernel kernel();

    /** Mutating kernel operations so far. */
    protected abstract int mutations();

    protected abstract void deleteRuleBehindBack(IpRule rule);

    protected abstract void addStrayRuleBehindBack(Family family, int pref);

    /** An earlier run's rule and route left behind (a crash): {@code rule} of any shape, {@code route} in its table. */
    protected abstract void addLeftoverBehindBack(IpRule rule, Route route);

    protected abstract void deleteRouteBehindBack(Route route);

    protected abstract void flushChainBehindBack(String chain);

    protected abstract void addElementBehindBack(String set, String element);

    /** Replaces the first rule of {@code chain} with {@code rule}: the chain keeps its rule count. */
    protected abstract void replaceFirstRuleBehindBack(String chain, String rule);

    /**
     * Someone else's objects, also inside mwan3's ranges: rules at 1500, at 1003 with another selector,
     * at 2003 with mwan3's mark but table 7, at 2001 (a pref we use) with another mask; routes in
     * tables 100, 3, 7 and 50; nft tables {@code inet fw4} and {@code inet user}.
     */
    protected abstract void addForeignObjects();

    /** The foreign objects as the kernel shows them. */
    protected abstract String foreignObjects();

    /** Everything: every rule, route and nft table. */
    protected abstract String snapshot();

    protected abstract List<String> chainRules(String chain);

    protected abstract List<String> setElements(String set);

    @Test
    void appliesRulesRoutesAndTable() {
        DesiredState desired = KernelFixtures.desired();
        assertTrue(kernel().reconcile(desired, OWNERSHIP).orThrow().mutations() > 0);
        ObservedState seen = kernel().observe(OWNERSHIP);
        assertEquals(Set.copyOf(desired.rules()), Set.copyOf(seen.rules()));
        assertEquals(desired.rules().size(), seen.rules().size());
        assertEquals(keys(desired.routes()), keys(seen.routes()));
        assertEquals(Set.of("mwan3_hook", "mwan3_rules", "mwan3_policy_balanced"), seen.nft().chains().keySet());
        assertEquals(Set.of("connected4", "dyn4", "sticky_wan"), seen.nft().sets().keySet());
        for (NftChain c : desired.table().chains()) {
            assertEquals(c.rules(), chainRules(c.name()), c.name());
        }
        assertEquals(List.of("198.51.100.0/26", "198.51.100.64/26", "203.0.113.0/24"), sorted(setElements("connected4")));
    }

    @Test
    void secondReconcileIssuesNoMutation() {
        kernel().reconcile(KernelFixtures.desired(), OWNERSHIP).orThrow();
        int before = mutations();
        ApplyResult again = kernel().reconcile(KernelFixtures.desired(), OWNERSHIP).orThrow();
        assertEquals(0, again.mutations());
        assertEquals(before, mutations());
    }

    @Test
    void repairsDriftOfRulesRoutesAndChains() {
        DesiredState desired = KernelFixtures.desired();
        kernel().reconcile(desired, OWNERSHIP).orThrow();
        IpRule rule = desired.rules().get(1);
        Route route = desired.routes().get(2);
        deleteRuleBehindBack(rule);
        deleteRouteBehindBack(route);
        flushChainBehindBack("mwan3_hook");
        assertTrue(chainRules("mwan3_hook").isEmpty());

        assertTrue(kernel().reconcile(desired, OWNERSHIP).orThrow().mutations() > 0);

        ObservedState seen = kernel().observe(OWNERSHIP);
        assertTrue(seen.rules().contains(rule));
        assertEquals(keys(desired.routes()), keys(seen.routes()));
        assertEquals(desired.table().chain("mwan3_hook").orElseThrow().rules(), chainRules("mwan3_hook"));
        assertEquals(0, kernel().reconcile(desired, OWNERSHIP).orThrow().mutations());
    }

    /**
     * A table applied without a listing afterwards is recognised by its shape; from the first
     * reconcile that listed it, an edit that keeps every count is found and repaired too.
     */
    @Test
    void anEditThatKeepsTheShapeIsRepairedOnceTheTableWasListed() {
        DesiredState desired = KernelFixtures.desired();
        kernel().reconcile(desired, OWNERSHIP).orThrow();
        assertEquals(0, kernel().reconcile(desired, OWNERSHIP).orThrow().mutations());
        List<String> rules = desired.table().chain("mwan3_rules").orElseThrow().rules();
        replaceFirstRuleBehindBack("mwan3_rules", "ip saddr 192.0.2.99 accept");
        assertEquals(rules.size(), chainRules("mwan3_rules").size());
        assertFalse(chainRules("mwan3_rules").equals(rules), "the edit took effect: " + chainRules("mwan3_rules"));

        assertTrue(kernel().reconcile(desired, OWNERSHIP).orThrow().mutations() > 0);

        assertEquals(rules, chainRules("mwan3_rules"));
        assertEquals(0, kernel().reconcile(desired, OWNERSHIP).orThrow().mutations());
    }

    @Test
    void keepsAForeignRuleAtAPrefWeUseBesideOurs() {
        addStrayRuleBehindBack(Family.IPV4, 2001);
        String before = snapshot();
        kernel().reconcile(KernelFixtures.desired(), OWNERSHIP).orThrow();
        assertEquals(Set.copyOf(KernelFixtures.rules()), Set.copyOf(kernel().observe(OWNERSHIP).rules()));
        assertTrue(snapshot().contains("192.0.2.0/24"), "the foreign rule stays: " + snapshot());
        kernel().reconcile(DesiredState.EMPTY, OWNERSHIP).orThrow();
        assertEquals(before, snapshot());
    }

    /** Without a journal, a crashed run's rules are recognised by mwan3's exact shape, and their tables with them. */
    @Test
    void aCrashedRunsRulesOfMwan3sShapeAndTheTablesTheyLookUpAreRemoved() {
        Route leftover = KernelFixtures.v4(3, "default", "198.51.100.65", "eth2", null, null, null, 30);
        addLeftoverBehindBack(IpRule.fwmark(Family.IPV4, 2003, 0x300, 0x3f00, IpRule.Action.LOOKUP, 3), leftover);
        addLeftoverBehindBack(IpRule.iif(Family.IPV4, 1003, "eth2", 3), null);
        addLeftoverBehindBack(IpRule.fwmark(Family.IPV4, 3003, 0x300, 0x3f00, IpRule.Action.UNREACHABLE, 0), null);
        kernel().reconcile(KernelFixtures.desired(), OWNERSHIP).orThrow();
        String after = snapshot();
        assertFalse(after.contains("1003") || after.contains("2003") || after.contains("3003"), after);
        assertFalse(after.contains("table 3"), "table 3 went with the rules that looked it up: " + after);
        assertEquals(Set.copyOf(KernelFixtures.rules()), Set.copyOf(kernel().observe(OWNERSHIP).rules()));
    }

    /** What the journal lists is ours even when its shape is not the current mask's (mmx_mask changed). */
    @Test
    void aJournalsRulesAndTablesAreRemovedWhatTheirShape() {
        IpRule otherMask = IpRule.fwmark(Family.IPV4, 2004, 0x400, 0xff00, IpRule.Action.LOOKUP, 4);
        Route route = KernelFixtures.v4(4, "default", "198.51.100.65", "eth2", null, null, null, 30);
        addLeftoverBehindBack(otherMask, route);
        kernel().reconcile(KernelFixtures.desired(), OWNERSHIP).orThrow();
        assertTrue(snapshot().contains("2004") && snapshot().contains("table 4"), "not ours without the journal");
        Ownership journaled = OWNERSHIP.with(Set.of(otherMask), Set.of(4));
        kernel().reconcile(KernelFixtures.desired(), journaled).orThrow();
        assertFalse(snapshot().contains("2004") || snapshot().contains("table 4"), snapshot());
    }

    @Test
    void keepSetSurvivesAndEmptySetIsFlushedWhenChainsChange() {
        kernel().reconcile(KernelFixtures.desired(), OWNERSHIP).orThrow();
        addElementBehindBack("dyn4", "192.0.2.77");
        addElementBehindBack("sticky_wan", "192.0.2.8 : 0x00000100");

        DesiredState changed = KernelFixtures.changed();
        kernel().reconcile(changed, OWNERSHIP).orThrow();

        assertEquals(List.of("192.0.2.77"), setElements("dyn4"));
        assertTrue(setElements("sticky_wan").isEmpty());
        assertEquals(List.of("198.51.100.0/26", "198.51.100.64/26"), sorted(setElements("connected4")));
        assertEquals(Set.of("mwan3_hook", "mwan3_rules", "mwan3_policy_wan_only"),
                kernel().observe(OWNERSHIP).nft().chains().keySet());
        assertEquals(List.of("meta mark set 0x00000200"), chainRules("mwan3_policy_wan_only"));
        assertEquals(0, kernel().reconcile(changed, OWNERSHIP).orThrow().mutations());
    }

    @Test
    void quickReconcileReachesTheStateOfAFullOneAndAFullOneVerifiesIt() {
        kernel().reconcile(KernelFixtures.desired(), OWNERSHIP).orThrow();
        addElementBehindBack("dyn4", "192.0.2.77");
        DesiredState changed = KernelFixtures.changed();
        kernel().reconcileQuick(changed, OWNERSHIP).orThrow();

        assertEquals(List.of("192.0.2.77"), setElements("dyn4"));
        assertEquals(List.of("198.51.100.0/26", "198.51.100.64/26"), sorted(setElements("connected4")));
        assertEquals(Set.of("mwan3_hook", "mwan3_rules", "mwan3_policy_wan_only"),
                kernel().observe(OWNERSHIP).nft().chains().keySet());
        assertEquals(List.of("meta mark set 0x00000200"), chainRules("mwan3_policy_wan_only"));
        assertEquals(0, kernel().reconcileQuick(changed, OWNERSHIP).orThrow().mutations(), "nothing left to do");
        kernel().reconcile(changed, OWNERSHIP).orThrow();
        assertEquals(List.of("192.0.2.77"), setElements("dyn4"), "the verifying rebuild keeps KEEP sets");
        assertEquals(0, kernel().reconcile(changed, OWNERSHIP).orThrow().mutations());
    }

    @Test
    void recreatesChainAndSetWhoseShapeChanged() {
        kernel().reconcile(KernelFixtures.desired(), OWNERSHIP).orThrow();
        NftTable t = KernelFixtures.desired().table();
        List<NftChain> chains = t.chains().stream().map(c -> c.base() == null ? c
                : new NftChain(c.name(), "type filter hook output priority mangle; policy accept", c.rules())).toList();
        List<NftSet> sets = t.sets().stream().map(s -> !s.name().equals("sticky_wan") ? s
                : NftSet.emptied("sticky_wan", "type ipv4_addr; flags timeout")).toList();
        DesiredState reshaped = new DesiredState(new NftTable(sets, chains), KernelFixtures.rules(), KernelFixtures.routes());

        kernel().reconcile(reshaped, OWNERSHIP).orThrow();

        NftInventory inv = kernel().observe(OWNERSHIP).nft();
        assertEquals("filter output -150 accept", inv.chains().get("mwan3_hook"));
        assertEquals(new NftInventory.SetShape("set", "ipv4_addr", 0), inv.sets().get("sticky_wan"));
        assertEquals(t.chain("mwan3_hook").orElseThrow().rules(), chainRules("mwan3_hook"));
        assertEquals(0, kernel().reconcile(reshaped, OWNERSHIP).orThrow().mutations());
    }

    @Test
    void foreignObjectsSurviveApplyAndTeardownRemovesOnlyOurs() {
        addForeignObjects();
        String foreign = foreignObjects();
        String before = snapshot();

        kernel().reconcile(KernelFixtures.desired(), OWNERSHIP).orThrow();
        assertEquals(foreign, foreignObjects());
        kernel().reconcile(KernelFixtures.changed(), OWNERSHIP).orThrow();
        assertEquals(foreign, foreignObjects());

        kernel().reconcile(DesiredState.EMPTY, OWNERSHIP).orThrow();
        assertEquals(before, snapshot());
        assertEquals(foreign, foreignObjects());
        ObservedState seen = kernel().observe(OWNERSHIP);
        assertTrue(seen.rules().isEmpty() && seen.routes().isEmpty() && !seen.nft().present());
        assertEquals(0, kernel().reconcile(DesiredState.EMPTY, OWNERSHIP).orThrow().mutations());
    }

    @Test
    void failedNftApplyKeepsLastGoodTable() {
        DesiredState good = KernelFixtures.desired();
        kernel().reconcile(good, OWNERSHIP).orThrow();

        ApplyResult failed = kernel().reconcile(KernelFixtures.broken(), OWNERSHIP);

        assertFalse(failed.ok());
        assertTrue(failed.failures().get(0).getMessage().contains("nft"), failed.failures().toString());
        assertThrows(KernelException.class, failed::orThrow);
        assertEquals(good.table().chain("mwan3_rules").orElseThrow().rules(), chainRules("mwan3_rules"));
        assertEquals(Set.of("mwan3_hook", "mwan3_rules", "mwan3_policy_balanced"),
                kernel().observe(OWNERSHIP).nft().chains().keySet());
        assertEquals(0, kernel().reconcile(good, OWNERSHIP).orThrow().mutations());
    }

    /**
     * A change the kernel refuses fails alone, naming itself; the changes batched after it are made,
     * and what was applied before stays.
     */
    @Test
    void aRefusedRuleFailsAloneAndTheRestOfItsBatchIsApplied() {
        IpRule refused = IpRule.iif(Family.IPV6, 1002, "name-too-long-for-linux", 2);
        List<IpRule> rules = new java.util.ArrayList<>(List.of(refused));
        rules.addAll(KernelFixtures.rules());
        DesiredState withRefused = new DesiredState(KernelFixtures.desired().table(), rules, KernelFixtures.routes());
        // Not mwan3's shape (no Linux name is that long), so owned only as a journal would list it.
        Ownership listed = OWNERSHIP.with(List.of(refused), List.of());

        ApplyResult r = kernel().reconcile(withRefused, listed);

        assertEquals(1, r.failures().size(), r.failures().toString());
        String message = r.failures().get(0).getMessage();
        assertTrue(message.startsWith("'ip -6 rule add pref 1002 iif name-too-long-for-linux lookup 2' failed: "
                + "RTNETLINK answers: Numerical result out of range"), message);
        ObservedState seen = kernel().observe(OWNERSHIP);
        assertEquals(Set.copyOf(KernelFixtures.rules()), Set.copyOf(seen.rules()), "every other rule was added");
        assertEquals(keys(KernelFixtures.routes()), keys(seen.routes()));
        assertEquals(1, kernel().reconcile(withRefused, listed).failures().size(), "refused again, nothing else to do");
        assertEquals(0, kernel().reconcile(KernelFixtures.desired(), OWNERSHIP).orThrow().mutations());
    }

    /** More changes than one datagram's acks fit in the receive buffer: all made, then all undone. */
    @Test
    void aThousandChangesInOneReconcile() {
        List<Route> routes = new java.util.ArrayList<>(KernelFixtures.routes());
        for (int i = 0; i < 1000; i++) {
            routes.add(new Route(Family.IPV4, 1 + i % 2, "unreachable", "198.18." + i / 250 + "." + i % 250, null, null,
                    null, null, null, null));
        }
        DesiredState big = new DesiredState(KernelFixtures.desired().table(), KernelFixtures.rules(), routes);
        kernel().reconcile(big, OWNERSHIP).orThrow();
        assertEquals(keys(routes), keys(kernel().observe(OWNERSHIP).routes()));
        assertEquals(0, kernel().reconcile(big, OWNERSHIP).orThrow().mutations());
        kernel().reconcile(DesiredState.EMPTY, OWNERSHIP).orThrow();
        assertTrue(kernel().observe(OWNERSHIP).routes().isEmpty());
    }

    @Test
    void refusesDesiredObjectsOutsideOwnership() {
        DesiredState foreignShape = new DesiredState(KernelFixtures.desired().table(),
                List.of(IpRule.iif(Family.IPV4, 1003, "eth2", 7)), List.of());
        assertThrows(IllegalArgumentException.class, () -> kernel().reconcile(foreignShape, OWNERSHIP));
        DesiredState foreignTable = new DesiredState(KernelFixtures.desired().table(), List.of(),
                List.of(KernelFixtures.v4(3, "default", "198.51.100.65", "eth2", null, null, null, 30)));
        assertThrows(IllegalArgumentException.class, () -> kernel().reconcile(foreignTable, OWNERSHIP));
        assertEquals(0, mutations());
    }

    @Test
    void readsMainLookupAndLocalRoutes() {
        addForeignObjects();
        KernelRoutes routes = kernel().readRoutes(List.of(100));
        assertTrue(routes.main().stream().anyMatch(r -> r.family() == Family.IPV4 && r.isDefault()
                && "eth1".equals(r.dev()) && Integer.valueOf(10).equals(r.metric())), routes.main().toString());
        assertTrue(routes.main().stream().anyMatch(r -> r.family() == Family.IPV6 && r.isDefault()
                && "2001:db8:1::1".equals(r.gateway())), routes.main().toString());
        assertEquals(List.of("203.0.113.0/24"), routes.lookup().stream().map(Route::dst).toList());
        assertEquals(100, routes.lookup().get(0).table());
        assertTrue(routes.local().stream().anyMatch(r -> "local".equals(r.type()) && "198.51.100.2".equals(r.dst())
                && r.table() == Route.LOCAL), routes.local().toString());
    }

    private static Set<RouteKey> keys(List<Route> routes) {
        return routes.stream().map(RouteKey::of).collect(Collectors.toCollection(HashSet::new));
    }

    private static List<String> sorted(List<String> list) {
        return list.stream().sorted().toList();
    }
}
