package net.mwan3.kernel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import net.mwan3.model.Family;
import net.mwan3.plan.DesiredState;
import net.mwan3.plan.IpRule;
import net.mwan3.plan.Route;

/**
 * Pure diff of the ip side: which of our rules to delete and add, which routes of our tables to
 * delete and replace. Rules are matched whole (a changed rule is deleted and re-added) and deleted
 * by their full selector, so a foreign rule at the same pref stays. Routes are matched with kernel
 * defaults filled in ({@link RouteKey}).
 */
public record IpChanges(List<IpRule> ruleDeletes, List<IpRule> ruleAdds, List<Route> routeDeletes,
                        List<Route> routeReplaces) {

    public IpChanges {
        ruleDeletes = List.copyOf(ruleDeletes);
        ruleAdds = List.copyOf(ruleAdds);
        routeDeletes = List.copyOf(routeDeletes);
        routeReplaces = List.copyOf(routeReplaces);
    }

    public static IpChanges between(DesiredState desired, ObservedState observed) {
        Set<IpRule> want = new LinkedHashSet<>(desired.rules());
        List<IpRule> deletes = new ArrayList<>();
        Set<IpRule> present = new HashSet<>();
        for (IpRule r : observed.rules()) {
            if (!want.contains(r) || !present.add(r)) {
                deletes.add(r);
            }
        }
        List<IpRule> adds = want.stream().filter(r -> !present.contains(r)).toList();
        return new IpChanges(deletes, adds, routeDeletes(desired.routes(), observed.routes()),
                routeReplaces(desired.routes(), observed.routes()));
    }

    private static List<Route> routeDeletes(List<Route> desired, List<Route> observed) {
        Set<String> wanted = desired.stream().map(r -> RouteKey.of(r).identity()).collect(Collectors.toSet());
        return observed.stream().filter(r -> !wanted.contains(RouteKey.of(r).identity())).toList();
    }

    private static List<Route> routeReplaces(List<Route> desired, List<Route> observed) {
        Set<RouteKey> have = observed.stream().map(RouteKey::of).collect(Collectors.toSet());
        Set<RouteKey> seen = new HashSet<>();
        return desired.stream().filter(r -> seen.add(RouteKey.of(r)) && !have.contains(RouteKey.of(r))).toList();
    }

    public boolean isEmpty() {
        return ruleDeletes.isEmpty() && ruleAdds.isEmpty() && routeDeletes.isEmpty() && routeReplaces.isEmpty();
    }

    /** The {@code ip -batch} lines deleting our rules of {@code family}, each by its full selector. */
    public List<String> ruleDeleteLines(Family family) {
        List<String> lines = new ArrayList<>();
        ruleDeletes.stream().filter(r -> r.family() == family).forEach(r -> lines.add("rule del " + r.args()));
        return lines;
    }

    public List<String> ruleAddLines(Family family) {
        return ruleAdds.stream().filter(r -> r.family() == family).map(r -> "rule add " + r.args()).toList();
    }

    public List<String> routeLines(Family family) {
        List<String> lines = new ArrayList<>();
        routeDeletes.stream().filter(r -> r.family() == family).forEach(r -> lines.add("route del " + r.args()));
        routeReplaces.stream().filter(r -> r.family() == family).forEach(r -> lines.add("route replace " + r.args()));
        return lines;
    }

    @Override
    public String toString() {
        List<String> all = new ArrayList<>();
        for (Family f : Family.values()) {
            String flag = f == Family.IPV4 ? "ip -4 " : "ip -6 ";
            ruleDeleteLines(f).forEach(l -> all.add(flag + l));
            routeLines(f).forEach(l -> all.add(flag + l));
            ruleAddLines(f).forEach(l -> all.add(flag + l));
        }
        return String.join("\n", all);
    }
}
