package net.mwan3.kernel;

import java.util.List;

import net.mwan3.plan.IpRule;
import net.mwan3.plan.Route;

/**
 * What the kernel holds of ours, in the same record types as the desired state so the diff is a
 * set difference. Foreign rules and routes (see {@link Ownership}) are not in it.
 */
public record ObservedState(List<IpRule> rules, List<Route> routes, NftInventory nft) {

    public ObservedState {
        rules = List.copyOf(rules);
        routes = List.copyOf(routes);
    }
}
