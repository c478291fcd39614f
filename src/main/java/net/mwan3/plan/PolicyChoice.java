package net.mwan3.plan;

import java.util.List;

import net.mwan3.config.LastResort;

/**
 * What a policy does for one family right now: share new connections among {@code members} by
 * weight, or, when none is online, send traffic bound to an offline member's device ({@code
 * outDevices}) to the main table and the rest to {@code lastResort}.
 */
public record PolicyChoice(List<Share> members, LastResort lastResort, List<String> outDevices) {

    /** One online member of the lowest metric: interface, its id and weight. */
    public record Share(String iface, int id, int weight) {
    }

    public PolicyChoice {
        members = List.copyOf(members);
        outDevices = List.copyOf(outDevices);
    }

    public int totalWeight() {
        return members.stream().mapToInt(Share::weight).sum();
    }

    public boolean usesLastResort() {
        return members.isEmpty();
    }

    /** mwan3's integer percentage for {@code mwan3 policies}: weight*100/total. */
    public int percent(Share s) {
        return (int) ((long) s.weight() * 100 / totalWeight());
    }
}
