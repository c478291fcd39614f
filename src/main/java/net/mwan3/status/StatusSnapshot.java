package net.mwan3.status;

import java.util.List;
import java.util.Map;

import net.mwan3.model.Family;
import net.mwan3.tunnel.TunnelStatus;

/**
 * Everything {@code mwan3 interfaces/policies/connected/rules/status} show, taken from the daemon's
 * in-memory state after a reconcile. Immutable, so the control socket renders it without locks.
 * Maps are keyed by family and hold every family (possibly empty lists).
 */
public record StatusSnapshot(List<IfaceStatus> interfaces, Map<Family, List<PolicyStatus>> policies,
                             Map<Family, List<String>> connected, Map<Family, List<RuleStatus>> rules,
                             List<TunnelStatus> tunnels) {

    public StatusSnapshot {
        interfaces = List.copyOf(interfaces);
        policies = Map.copyOf(policies);
        connected = Map.copyOf(connected);
        rules = Map.copyOf(rules);
        tunnels = List.copyOf(tunnels);
    }

    public static final StatusSnapshot EMPTY = new StatusSnapshot(List.of(),
            Map.of(Family.IPV4, List.of(), Family.IPV6, List.of()),
            Map.of(Family.IPV4, List.of(), Family.IPV6, List.of()),
            Map.of(Family.IPV4, List.of(), Family.IPV6, List.of()), List.of());
}
