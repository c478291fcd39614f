package net.mwan3.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import net.mwan3.model.Family;
import net.mwan3.plan.DesiredState;
import net.mwan3.plan.IpRule;
import net.mwan3.plan.KernelRoutes;
import net.mwan3.plan.Route;

/**
 * A strict in-memory kernel for tests, driven by the same diff as {@link LinuxKernel}. Strict
 * like okio's and knftables' fakes: adding a rule at a pref already taken fails with EEXIST,
 * deleting a rule or route that is not there fails with ENOENT, so a sloppy diff shows up here
 * instead of on a router. The drift methods play someone else editing the kernel behind our back.
 */
public final class FakeKernel implements Kernel {
    private record Slot(IpRule rule, String text) {
    }

    // Guarded by this
    private final Map<Family, TreeMap<Integer, List<Slot>>> rules = new TreeMap<>();
    // Guarded by this
    private final Map<RouteKey, Route> routes = new java.util.LinkedHashMap<>();
    // Guarded by this
    private final FakeNft nft = new FakeNft();
    // Guarded by this
    private final Map<String, String> foreignTables = new TreeMap<>();
    // Guarded by this
    private int mutations;

    public FakeKernel() {
        for (Family f : Family.values()) {
            rules.put(f, new TreeMap<>());
        }
    }

    @Override
    public synchronized ObservedState observe(Ownership ownership) {
        List<IpRule> ours = new ArrayList<>();
        List<ParsedRule> strays = new ArrayList<>();
        rules.forEach((family, byPref) -> byPref.forEach((pref, slots) -> {
            if (ownership.ownsPref(pref)) {
                slots.forEach(s -> {
                    if (s.rule() != null) {
                        ours.add(s.rule());
                    } else {
                        strays.add(new ParsedRule(family, pref, null, s.text()));
                    }
                });
            }
        }));
        List<Route> owned = routes.values().stream().filter(r -> ownership.ownsTable(r.table())).toList();
        return new ObservedState(ours, strays, owned, nft.inventory());
    }

    @Override
    public synchronized ApplyResult reconcile(DesiredState desired, Ownership ownership) {
        Kernel.checkOwned(desired, ownership);
        IpChanges changes = IpChanges.between(desired, observe(ownership));
        List<KernelException> failures = new ArrayList<>();
        int before = mutations;
        changes.strayDeletes().forEach(s -> attempt(failures, () -> deletePref(s.family(), s.pref())));
        changes.ruleDeletes().forEach(r -> attempt(failures, () -> deleteRule(r)));
        changes.routeDeletes().forEach(r -> attempt(failures, () -> deleteRoute(r)));
        changes.routeReplaces().forEach(r -> attempt(failures, () -> replaceRoute(r)));
        changes.ruleAdds().forEach(r -> attempt(failures, () -> addRule(r.family(), r.pref(), r, r.args())));
        attempt(failures, () -> mutations += nft.apply(desired.table()));
        return new ApplyResult(mutations - before, failures);
    }

    private static void attempt(List<KernelException> failures, Runnable op) {
        try {
            op.run();
        } catch (KernelException e) {
            failures.add(e);
        }
    }

    @Override
    public synchronized KernelRoutes readRoutes(List<Integer> lookupTables) {
        List<Route> all = List.copyOf(routes.values());
        return new KernelRoutes(all.stream().filter(r -> r.table() == Route.MAIN).toList(),
                all.stream().filter(r -> lookupTables.contains(r.table())).toList(),
                all.stream().filter(r -> r.table() == Route.LOCAL).toList());
    }

    /** Adds a rule of any shape, like {@code ip rule add}; {@code rule} is null for shapes mwan3 never makes. */
    public synchronized void addRule(Family family, int pref, IpRule rule, String text) {
        List<Slot> slots = rules.get(family).computeIfAbsent(pref, p -> new ArrayList<>());
        if (!slots.isEmpty()) {
            throw failure("ip rule add pref " + pref, "RTNETLINK answers: File exists");
        }
        slots.add(new Slot(rule, text));
        mutations++;
    }

    /** Deletes the exact rule, like {@code ip rule del <selector>}. */
    public synchronized void deleteRule(IpRule rule) {
        List<Slot> slots = rules.get(rule.family()).get(rule.pref());
        if (slots == null || !slots.removeIf(s -> rule.equals(s.rule()))) {
            throw failure("ip rule del " + rule.args(), "RTNETLINK answers: No such file or directory");
        }
        mutations++;
    }

    /** Deletes the first rule at {@code pref}, like {@code ip rule del pref N}. */
    public synchronized void deletePref(Family family, int pref) {
        List<Slot> slots = rules.get(family).get(pref);
        if (slots == null || slots.isEmpty()) {
            throw failure("ip rule del pref " + pref, "RTNETLINK answers: No such file or directory");
        }
        slots.remove(0);
        mutations++;
    }

    /** Adds or overwrites the route with the same kernel identity, like {@code ip route replace}. */
    public synchronized void replaceRoute(Route route) {
        RouteKey key = RouteKey.of(route);
        routes.keySet().removeIf(k -> k.identity().equals(key.identity()));
        routes.put(key, route);
        mutations++;
    }

    public synchronized void deleteRoute(Route route) {
        if (routes.remove(RouteKey.of(route)) == null) {
            throw failure("ip route del " + route.args(), "RTNETLINK answers: No such process");
        }
        mutations++;
    }

    /** Someone else's edit inside our table. */
    public synchronized void flushChain(String chain) {
        nft.flushChain(chain);
    }

    /** Someone else's edit inside our table that keeps its shape: a chain's first rule replaced. */
    public synchronized void replaceFirstRule(String chain, String rule) {
        nft.replaceFirstRule(chain, rule);
    }

    /** Someone else (dnsmasq, the packet path) adds an element to a set of our table. */
    public synchronized void addElement(String set, String element) {
        nft.addElement(set, element);
    }

    /** Another nft table ({@code inet fw4}), kept as opaque text. */
    public synchronized void addForeignTable(String familyAndName, String content) {
        foreignTables.put(familyAndName, content);
    }

    public synchronized List<String> chainRules(String chain) {
        return nft.chainRules(chain);
    }

    public synchronized List<String> elements(String set) {
        return nft.elements(set);
    }

    /** Mutating operations so far, counting those a test made directly through the public methods. */
    public synchronized int mutations() {
        return mutations;
    }

    /** The whole fake kernel, canonical and sorted: equal dumps mean equal kernels. */
    public synchronized String dump() {
        List<String> out = new ArrayList<>();
        rules.forEach((family, byPref) -> byPref.forEach((pref, slots) ->
                slots.forEach(s -> out.add(family + " rule " + pref + ": " + s.text()))));
        routes.values().stream().map(r -> r.family() + " route " + r.args()).sorted().forEach(out::add);
        foreignTables.forEach((name, content) -> out.add("nft table " + name + " " + content));
        nft.dump(out);
        return String.join("\n", out) + "\n";
    }

    private static KernelException failure(String command, String stderr) {
        return new KernelException(new CommandResult(List.of(command.split(" ")), 2, "", stderr));
    }
}
