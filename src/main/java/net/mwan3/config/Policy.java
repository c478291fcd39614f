package net.mwan3.config;

import java.util.List;

/** A {@code policy}: candidate members in config order and what to do when none is online. */
public record Policy(String name, List<String> useMember, LastResort lastResort) {

    public Policy {
        useMember = List.copyOf(useMember);
    }

    /** The pseudo-policies a rule may name without declaring them. */
    public static final List<String> BUILT_IN = List.of("default", "unreachable", "blackhole");
}
