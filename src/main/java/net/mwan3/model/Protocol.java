package net.mwan3.model;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/** IP protocol names that mwan3's {@code proto} option accepts (as iptables does), and their numbers. */
public final class Protocol {
    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("icmp", 1), Map.entry("igmp", 2), Map.entry("ipip", 4), Map.entry("tcp", 6),
            Map.entry("egp", 8), Map.entry("udp", 17), Map.entry("ipv6", 41), Map.entry("rsvp", 46),
            Map.entry("gre", 47), Map.entry("esp", 50), Map.entry("ah", 51), Map.entry("icmpv6", 58),
            Map.entry("ipv6-icmp", 58), Map.entry("ospf", 89), Map.entry("pim", 103), Map.entry("vrrp", 112),
            Map.entry("l2tp", 115), Map.entry("sctp", 132), Map.entry("udplite", 136));

    private Protocol() {
    }

    /** The protocol number, or empty for {@code all} (match every protocol). Unknown names fail. */
    public static OptionalInt number(String proto) {
        String p = proto.toLowerCase(Locale.ROOT);
        if (p.equals("all") || p.equals("0")) {
            return OptionalInt.empty();
        }
        Integer n = NUMBERS.get(p);
        if (n != null) {
            return OptionalInt.of(n);
        }
        if (!p.isEmpty() && p.length() <= 3 && p.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int v = Integer.parseInt(p);
            if (v <= 255) {
                return OptionalInt.of(v);
            }
        }
        throw new IllegalArgumentException("unknown protocol: " + proto);
    }

    public static boolean isValid(String proto) {
        try {
            number(proto);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
