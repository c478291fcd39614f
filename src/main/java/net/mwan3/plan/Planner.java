package net.mwan3.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import net.mwan3.config.InterfaceConfig;
import net.mwan3.model.Family;
import net.mwan3.model.IfaceState;
import net.mwan3.model.MarkMask;

/**
 * Config + interface states + the kernel's main-table routes to the complete desired state. Pure
 * and total: the same input always gives the same output, so a reconcile can call it as often as
 * it likes and a test can pin every case.
 */
public final class Planner {

    private Planner() {
    }

    public static DesiredState plan(PlanInput in) {
        return new DesiredState(new NftPlanner(in).plan(), rules(in), RouteTables.plan(in.config(), in.states(),
                in.routes()));
    }

    /**
     * mwan3's ip rules: per interface that is up, {@code iif} (1000+id), {@code fwmark} lookup
     * (2000+id) and {@code fwmark} unreachable (3000+id) in its family; the blackhole and unreachable
     * mark rules always, in both families.
     */
    static List<IpRule> rules(PlanInput in) {
        MarkMask mask = in.config().globals().mmxMask();
        Numbering num = new Numbering(mask);
        long m = mask.mask();
        List<IpRule> out = new ArrayList<>();
        for (InterfaceConfig i : RouteTables.withTables(in.config(), in.states()).values()) {
            IfaceState st = in.state(i.name());
            Family f = i.family();
            long mark = mask.id2mask(i.id());
            out.add(IpRule.iif(f, num.iifPref(i.id()), st.device(), i.id()));
            out.add(IpRule.fwmark(f, num.fwmarkPref(i.id()), mark, m, IpRule.Action.LOOKUP, i.id()));
            out.add(IpRule.fwmark(f, num.unreachablePref(i.id()), mark, m, IpRule.Action.UNREACHABLE, 0));
        }
        for (Family f : Family.values()) {
            out.add(IpRule.fwmark(f, num.blackholePref(), mask.blackholeMark(), m, IpRule.Action.BLACKHOLE, 0));
            out.add(IpRule.fwmark(f, num.unreachableMarkPref(), mask.unreachableMark(), m, IpRule.Action.UNREACHABLE,
                    0));
        }
        out.sort(Comparator.comparing(IpRule::family).thenComparingInt(IpRule::pref));
        return out;
    }
}
