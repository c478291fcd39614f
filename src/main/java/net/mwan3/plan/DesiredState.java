package net.mwan3.plan;

import java.util.List;

/**
 * Everything of ours the kernel should hold: table {@code inet mwan3}, our ip rules of both
 * families and the routes of our per-interface tables. {@link #EMPTY} is the state after stop:
 * teardown is reconciling to it.
 */
public record DesiredState(NftTable table, List<IpRule> rules, List<Route> routes) {

    public static final DesiredState EMPTY = new DesiredState(NftTable.EMPTY, List.of(), List.of());

    public DesiredState {
        rules = List.copyOf(rules);
        routes = List.copyOf(routes);
    }
}
