package net.mwan3.kernel;

import net.mwan3.model.Family;
import net.mwan3.plan.IpRule;

/**
 * One rule of {@code ip -j rule}: {@code rule} is null when its shape is not one mwan3 creates
 * (an extra selector, another action): such a rule is never ours, whatever its pref.
 */
public record ParsedRule(Family family, int pref, IpRule rule, String json) {

    public boolean recognised() {
        return rule != null;
    }
}
