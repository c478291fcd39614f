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

    /** One change to the kernel, and the {@code ip} command it stands for (errors and logs name it). */
    public sealed interface Step {
        String command();
    }

    public record DeleteRule(IpRule rule) implements Step {
        public String command() {
            return "ip " + flag(rule.family()) + " rule del " + rule.args();
        }
    }

    public record DeleteRoute(Route route) implements Step {
        public String command() {
            return "ip " + flag(route.family()) + " route del " + route.args();
        }
    }

    public record ReplaceRoute(Route route) implements Step {
        public String command() {
            return "ip " + flag(route.family()) + " route replace " + route.args();
        }
    }

    public record AddRule(IpRule rule) implements Step {
        public String command() {
            return "ip " + flag(rule.family()) + " rule add " + rule.args();
        }
    }

    /**
     * Every change in the order that keeps traffic routed: rules go before the routes they point
     * at, routes are in place before the rules that use them are added.
     */
    public List<Step> steps() {
        List<Step> out = new ArrayList<>();
        ruleDeletes.forEach(r -> out.add(new DeleteRule(r)));
        routeDeletes.forEach(r -> out.add(new DeleteRoute(r)));
        routeReplaces.forEach(r -> out.add(new ReplaceRoute(r)));
        ruleAdds.forEach(r -> out.add(new AddRule(r)));
        return out;
    }

    private static String flag(Family f) {
        return f == Family.IPV4 ? "-4" : "-6";
    }
}
