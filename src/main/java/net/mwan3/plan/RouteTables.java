package net.mwan3.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.mwan3.config.InterfaceConfig;
import net.mwan3.config.Mwan3Config;
import net.mwan3.model.Family;
import net.mwan3.model.IfaceState;

/**
 * The per-interface routing tables (mwan3 §3.2): table N gets interface N's own routes (its default
 * route included) and every route of main and the {@code rt_table_lookup} tables that belongs to no
 * WAN, so LAN and VPN destinations stay reachable from marked traffic. Default and {@code fe80::/64}
 * routes of other devices go nowhere. Recomputed from the kernel's main table on every reconcile,
 * which replaces mwan3rtmon and its races.
 */
public final class RouteTables {

    private RouteTables() {
    }

    /** Interfaces that have a table now: enabled, up and with a device. */
    static Map<String, InterfaceConfig> withTables(Mwan3Config config, Map<String, IfaceState> states) {
        Map<String, InterfaceConfig> out = new LinkedHashMap<>();
        for (InterfaceConfig i : config.enabledInterfaces()) {
            IfaceState st = states.getOrDefault(i.name(), IfaceState.DOWN);
            if (st.up() && st.device() != null) {
                out.put(i.name(), i);
            }
        }
        return out;
    }

    public static List<Route> plan(Mwan3Config config, Map<String, IfaceState> states, KernelRoutes routes) {
        Map<String, InterfaceConfig> live = withTables(config, states);
        List<Route> out = new ArrayList<>();
        for (Family family : Family.values()) {
            Map<String, Integer> deviceToId = new LinkedHashMap<>();
            List<Integer> tables = new ArrayList<>();
            for (InterfaceConfig i : live.values()) {
                if (i.family() == family) {
                    deviceToId.putIfAbsent(states.get(i.name()).device(), i.id());
                    tables.add(i.id());
                }
            }
            for (Route r : sources(routes, family)) {
                Integer owner = r.dev() == null ? null : deviceToId.get(r.dev());
                boolean ownOnly = r.isDefault() || "fe80::/64".equals(r.dst());
                if (owner != null) {
                    out.add(r.inTable(owner));
                } else if (!ownOnly) {
                    for (int t : tables) {
                        out.add(r.inTable(t));
                    }
                }
            }
        }
        return out;
    }

    /** Main then lookup-table routes of one family, de-duplicated as mwan3's {@code sort -u} does. */
    private static List<Route> sources(KernelRoutes routes, Family family) {
        Set<Route> seen = new LinkedHashSet<>();
        for (Route r : routes.main()) {
            if (r.family() == family) {
                seen.add(r.inTable(0));
            }
        }
        for (Route r : routes.lookup()) {
            if (r.family() == family) {
                seen.add(r.inTable(0));
            }
        }
        return List.copyOf(seen);
    }
}
