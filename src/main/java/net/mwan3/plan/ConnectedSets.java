package net.mwan3.plan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import net.mwan3.model.AddressMatch;
import net.mwan3.model.Family;

/**
 * Elements of {@code mwan3_connected_*} (destinations of main and local routes, plus
 * {@code 224.0.0.0/3} for IPv4, as mwan3) and {@code mwan3_custom_*} (destinations of the
 * {@code rt_table_lookup} tables). Traffic to them gets the default mark and the main table.
 */
public final class ConnectedSets {

    private ConnectedSets() {
    }

    public static List<String> connected(KernelRoutes routes, Family family) {
        Set<String> out = new LinkedHashSet<>();
        addAll(out, routes.main(), family);
        addAll(out, routes.local(), family);
        if (family == Family.IPV4) {
            out.add("224.0.0.0/3");
        }
        return new ArrayList<>(out);
    }

    public static List<String> custom(KernelRoutes routes, Family family) {
        Set<String> out = new LinkedHashSet<>();
        addAll(out, routes.lookup(), family);
        return new ArrayList<>(out);
    }

    private static void addAll(Set<String> out, List<Route> routes, Family family) {
        for (Route r : routes) {
            if (r.family() != family || r.dst() == null || r.isDefault()) {
                continue;
            }
            AddressMatch.parse(r.dst()).filter(m -> m.family() == family && m.prefixLength() >= 0)
                    .ifPresent(m -> out.add(m.toString()));
        }
    }
}
