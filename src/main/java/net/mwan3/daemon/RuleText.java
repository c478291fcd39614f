package net.mwan3.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import net.mwan3.config.Rule;
import net.mwan3.model.AddressMatch;
import net.mwan3.model.Family;
import net.mwan3.model.PortRange;

/** A rule's match in words for {@code mwan3 rules}: {@code tcp src 192.0.2.0/24 dport 443}. */
final class RuleText {

    private RuleText() {
    }

    static String describe(Rule r, Family f) {
        List<String> parts = new ArrayList<>();
        if (!r.proto().equals("all")) {
            parts.add(r.proto());
        }
        addresses(parts, "src", r.srcIp(), f);
        ports(parts, "sport", r.srcPort());
        if (r.srcIface() != null) {
            parts.add("iface " + r.srcIface());
        }
        addresses(parts, "dst", r.destIp(), f);
        ports(parts, "dport", r.destPort());
        if (r.ipset() != null) {
            parts.add("dst in " + r.ipset());
        }
        return parts.isEmpty() ? "all" : String.join(" ", parts);
    }

    private static void addresses(List<String> parts, String word, List<AddressMatch> all, Family f) {
        List<String> mine = all.stream().filter(m -> m.family() == f && !m.isAny()).map(AddressMatch::toString)
                .toList();
        if (!mine.isEmpty()) {
            parts.add(word + " " + String.join(",", mine));
        }
    }

    private static void ports(List<String> parts, String word, List<PortRange> ports) {
        if (!ports.isEmpty()) {
            parts.add(word + " " + ports.stream().map(PortRange::toString).collect(Collectors.joining(",")));
        }
    }
}
