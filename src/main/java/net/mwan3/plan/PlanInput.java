package net.mwan3.plan;

import java.util.Map;

import net.mwan3.config.Mwan3Config;
import net.mwan3.model.IfaceState;

/**
 * Everything the planner reads. {@code states} holds each mwan3 interface's state (absent = down);
 * {@code devices} maps other netifd interface names (e.g. {@code lan}) to their devices, for rules'
 * {@code src_iface}.
 */
public record PlanInput(Mwan3Config config, Map<String, IfaceState> states, Map<String, String> devices,
                        KernelRoutes routes) {

    public PlanInput {
        states = Map.copyOf(states);
        devices = Map.copyOf(devices);
    }

    public IfaceState state(String iface) {
        return states.getOrDefault(iface, IfaceState.DOWN);
    }
}
