package net.mwan3.plan;

import java.util.Map;
import java.util.Set;

import net.mwan3.config.Mwan3Config;
import net.mwan3.model.IfaceState;

/**
 * Everything the planner reads. {@code states} holds each mwan3 interface's state (absent = down);
 * {@code useCgroups} names the interfaces whose {@code mwan3 use} cgroup exists (cgroup v2 path
 * {@code mwan3/use_<iface>}), so their sockets' traffic is steered to that WAN. (Rules' {@code
 * src_iface} devices were resolved when the config was read.)
 */
public record PlanInput(Mwan3Config config, Map<String, IfaceState> states, KernelRoutes routes,
                        Set<String> useCgroups) {

    public PlanInput {
        states = Map.copyOf(states);
        useCgroups = Set.copyOf(useCgroups);
    }

    public PlanInput(Mwan3Config config, Map<String, IfaceState> states, KernelRoutes routes) {
        this(config, states, routes, Set.of());
    }

    /** The cgroup (relative to the cgroup v2 root) whose processes' traffic {@code mwan3 use} sends by {@code iface}. */
    public static String useCgroup(String iface) {
        return "mwan3/use_" + Numbering.ident(iface);
    }

    public IfaceState state(String iface) {
        return states.getOrDefault(iface, IfaceState.DOWN);
    }
}
