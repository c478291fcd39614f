package net.mwan3.kernel;

import java.util.List;

import net.mwan3.netlink.ParsedRule;
import net.mwan3.plan.IpRule;
import net.mwan3.plan.Route;

/**
 * What the kernel holds of ours, in the same record types as the desired state so the diff is a
 * set difference. {@code strays} are rules at owned prefs whose shape we would never create.
 */
public record ObservedState(List<IpRule> rules, List<ParsedRule> strays, List<Route> routes, NftInventory nft) {

    public ObservedState {
        rules = List.copyOf(rules);
        strays = List.copyOf(strays);
        routes = List.copyOf(routes);
    }
}
