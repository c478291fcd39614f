package net.mwan3.config;

import java.util.List;
import java.util.Optional;

/**
 * A validated mwan3 configuration. Interfaces keep every section (disabled ones too, since they
 * hold ids); members, policies and rules keep only what mwan3 would use.
 */
public record Mwan3Config(Globals globals, List<InterfaceConfig> interfaces, List<Member> members,
                          List<Policy> policies, List<Rule> rules, List<TunnelConfig> tunnels) {

    public Mwan3Config {
        interfaces = List.copyOf(interfaces);
        members = List.copyOf(members);
        policies = List.copyOf(policies);
        rules = List.copyOf(rules);
        tunnels = List.copyOf(tunnels);
    }

    public static final Mwan3Config EMPTY = new Mwan3Config(Globals.DEFAULT, List.of(), List.of(), List.of(),
            List.of(), List.of());

    public Optional<InterfaceConfig> iface(String name) {
        return interfaces.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    public Optional<Member> member(String name) {
        return members.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public Optional<Policy> policy(String name) {
        return policies.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public List<InterfaceConfig> enabledInterfaces() {
        return interfaces.stream().filter(InterfaceConfig::enabled).toList();
    }
}
