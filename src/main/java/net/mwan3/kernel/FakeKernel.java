package net.mwan3.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import net.mwan3.model.Family;
import net.mwan3.netlink.ParsedRule;
import net.mwan3.plan.DesiredState;
import net.mwan3.plan.IpRule;
import net.mwan3.plan.KernelRoutes;
import net.mwan3.plan.Route;

/**
 * A strict in-memory kernel for tests, driven by the same diff as {@link LinuxKernel}. Strict
 * like okio's and knftables' fakes: adding a rule that is already there fails with EEXIST,
 * deleting a rule or route that is not there fails with ENOENT, so a sloppy diff shows up here
 * instead of on a router. The drift methods play someone else editing the kernel behind our back.
 */
public final class FakeKernel implements Kernel {
    private record Slot(IpRule rule, String text) {
    }

    /** Linux's device name limit, NUL included: a longer iif fails the kernel's attribute policy. */
    private static final int IFNAMSIZ = 16;

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
    // Guarded by this
    private int refusingErrno;
    // Guarded by this
    private String refusingText;
    // Guarded by this
    private int refusedReconciles;
    // Guarded by this
    private final Map<String, Long> counted = new TreeMap<>();

    public FakeKernel() {
        for (Family f : Family.values()) {
            rules.put(f, new TreeMap<>());
        }
    }

    /** Values of the named counters that exist in the table; a counter not counted yet reads 0. */
    @Override
    public synchronized Map<String, Long> counters() {
        Map<String, Long> out = new TreeMap<>();
        nft.counters().forEach(n -> out.put(n, counted.getOrDefault(n, 0L)));
        return out;
    }

    /** Traffic through the fake: {@code packets} more counted by the named counter. */
    public synchronized void count(String counter, long packets) {
        counted.merge(counter, packets, Long::sum);
    }

    @Override
    public synchronized ObservedState observe(Ownership ownership) {
        List<IpRule> ours = new ArrayList<>();
        rules.forEach((family, byPref) -> byPref.forEach((pref, slots) -> slots.stream()
                .filter(s -> s.rule() != null && ownership.owns(s.rule())).forEach(s -> ours.add(s.rule()))));
        Ownership tables = ownership.lookingUp(ours);
        List<Route> owned = routes.values().stream().filter(r -> tables.ownsTable(r.table())).toList();
        return new ObservedState(ours, owned, nft.inventory());
    }

    @Override
    public synchronized ApplyResult reconcile(DesiredState desired, Ownership ownership) {
        Kernel.checkOwned(desired, ownership);
        IpChanges changes = IpChanges.between(desired, observe(ownership));
        List<KernelException> failures = new ArrayList<>();
        int before = mutations;
        boolean refused = false;
        for (IpChanges.Step step : changes.steps()) {
            if (refusingErrno != 0) {
                failures.add(failure(step.command(), refusingErrno, refusingText));
                refused = true;
            } else {
                attempt(failures, () -> apply(step));
            }
        }
        refusedReconciles += refused ? 1 : 0;
        attempt(failures, () -> mutations += nft.apply(desired.table()));
        return new ApplyResult(mutations - before, failures);
    }

    private void apply(IpChanges.Step step) {
        if (step instanceof IpChanges.DeleteRule d) {
            deleteRule(d.rule());
        } else if (step instanceof IpChanges.DeleteRoute d) {
            deleteRoute(d.route());
        } else if (step instanceof IpChanges.ReplaceRoute r) {
            replaceRoute(r.route());
        } else if (step instanceof IpChanges.AddRule a) {
            addRule(a.rule().family(), a.rule().pref(), a.rule(), a.rule().args());
        }
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

    /**
     * Adds a rule of any shape, like {@code ip rule add}; {@code rule} is null for shapes mwan3 never makes.
     * As in Linux, rules may share a pref; only an identical rule fails with EEXIST.
     */
    public synchronized void addRule(Family family, int pref, IpRule rule, String text) {
        if (rule != null && rule.iif() != null && rule.iif().length() > IFNAMSIZ - 1) {
            throw failure(new IpChanges.AddRule(rule).command(), 34, "Numerical result out of range");
        }
        List<Slot> slots = rules.get(family).computeIfAbsent(pref, p -> new ArrayList<>());
        if (slots.stream().anyMatch(s -> s.text().equals(text))) {
            throw failure(rule != null ? new IpChanges.AddRule(rule).command() : "ip rule add pref " + pref, 17, "File exists");
        }
        slots.add(new Slot(rule, text));
        mutations++;
    }

    /** Deletes the exact rule, like {@code ip rule del <selector>}. */
    public synchronized void deleteRule(IpRule rule) {
        List<Slot> slots = rules.get(rule.family()).get(rule.pref());
        if (slots == null || !slots.removeIf(s -> rule.equals(s.rule()))) {
            throw failure(new IpChanges.DeleteRule(rule).command(), 2, "No such file or directory");
        }
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
            throw failure(new IpChanges.DeleteRoute(route).command(), 3, "No such process");
        }
        mutations++;
    }

    /**
     * Plays a kernel that refuses every rule and route change with {@code errno} (EPERM when a
     * capability is missing, EBUSY), as iproute2 would report it with {@code text}; 0 accepts again.
     */
    public synchronized void refuse(int errno, String text) {
        refusingErrno = errno;
        refusingText = text;
    }

    /** Reconciles that had rule or route changes refused by {@link #refuse}. */
    public synchronized int refusedReconciles() {
        return refusedReconciles;
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

    /** Refused as the real kernel refuses it: the request, its errno and iproute2's words. */
    private static KernelException failure(String command, int errno, String text) {
        return new KernelException(command, errno, "RTNETLINK answers: " + text);
    }
}
