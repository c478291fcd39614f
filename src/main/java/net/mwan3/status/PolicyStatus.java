package net.mwan3.status;

import java.util.List;

/**
 * A policy for one family: members in mwan3's chain order with integer percentages, or, with none
 * online, the last resort word ({@code unreachable}, {@code blackhole}, {@code default}).
 */
public record PolicyStatus(String name, List<Share> members, String lastResort) {

    /** A member's share of new connections. */
    public record Share(String iface, int percent) {
    }

    public PolicyStatus {
        members = List.copyOf(members);
    }
}
