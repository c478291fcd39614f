package net.mwan3.plan;

import net.mwan3.model.Family;
import net.mwan3.model.MarkMask;

/**
 * One ip rule we own. Exactly one selector is set: {@code iif} (pref 1000+id) or {@code fwmark/mask}
 * (2000+id, 3000+id and the blackhole/unreachable rules).
 *
 * @param table the routing table for {@link Action#LOOKUP}, else 0
 */
public record IpRule(Family family, int pref, String iif, long fwmark, long mask, Action action, int table) {

    /** What the rule does with a matching packet. */
    public enum Action { LOOKUP, UNREACHABLE, BLACKHOLE }

    public static IpRule iif(Family family, int pref, String device, int table) {
        return new IpRule(family, pref, device, 0, 0, Action.LOOKUP, table);
    }

    public static IpRule fwmark(Family family, int pref, long mark, long mask, Action action, int table) {
        return new IpRule(family, pref, null, mark, mask, action, action == Action.LOOKUP ? table : 0);
    }

    /** The arguments after {@code ip -4 rule add}, e.g. {@code pref 2001 fwmark 0x100/0x3f00 lookup 1}. */
    public String args() {
        StringBuilder sb = new StringBuilder("pref ").append(pref);
        if (iif != null) {
            sb.append(" iif ").append(iif);
        } else {
            sb.append(" fwmark ").append(MarkMask.hex(fwmark)).append('/').append(MarkMask.hex(mask));
        }
        switch (action) {
            case LOOKUP -> sb.append(" lookup ").append(table);
            case UNREACHABLE -> sb.append(" unreachable");
            case BLACKHOLE -> sb.append(" blackhole");
            default -> throw new IllegalStateException();
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "ip " + (family == Family.IPV4 ? "-4" : "-6") + " rule add " + args();
    }
}
