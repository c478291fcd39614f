package net.mwan3.plan;

import java.util.List;

/**
 * The routes the planner reads: the main table, the {@code rt_table_lookup} tables and the local
 * table (for local and broadcast addresses in the connected set), both families.
 */
public record KernelRoutes(List<Route> main, List<Route> lookup, List<Route> local) {

    public static final KernelRoutes NONE = new KernelRoutes(List.of(), List.of(), List.of());

    public KernelRoutes {
        main = List.copyOf(main);
        lookup = List.copyOf(lookup);
        local = List.copyOf(local);
    }
}
