package net.mwan3.netlink;

import net.mwan3.model.Family;
import net.mwan3.plan.IpRule;

/**
 * One ip rule read from the kernel: {@code rule} is null when its shape is not one mwan3 creates
 * (an extra selector, another action): such a rule is never ours, whatever its pref.
 * {@code text} says what it is in iproute2's words, for the log.
 */
public record ParsedRule(Family family, int pref, IpRule rule, String text) {

    public boolean recognised() {
        return rule != null;
    }
}
