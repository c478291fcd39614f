package net.mwan3.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import net.mwan3.config.Rule;
import net.mwan3.model.AddressMatch;
import net.mwan3.model.Family;
import net.mwan3.model.PortRange;
import net.mwan3.model.Protocol;

/**
 * The nft match expressions of one user rule for one family. A rule may need several nft rules:
 * addresses with dotted (non-prefix) masks cannot share an anonymous set, so each becomes its own
 * match; everything else is one rule with sets ({@code { 80, 443 }}) rather than one per value.
 */
final class RuleMatch {

    private RuleMatch() {
    }

    /** One match string per nft rule needed; empty when the rule does not apply to this family. */
    /** {@code srcDevice}: the device packets must arrive on (rule's src_iface), or null. */
    static List<String> matches(Rule rule, Family family, String srcDevice) {
        if (!rule.appliesTo(family)) {
            return List.of();
        }
        List<String> srcs = addressAlternatives(rule.srcIp(), family, "saddr");
        List<String> dsts = addressAlternatives(rule.destIp(), family, "daddr");
        String rest = rest(rule, family, srcDevice);
        List<String> out = new ArrayList<>();
        for (String s : srcs) {
            for (String d : dsts) {
                StringBuilder sb = new StringBuilder("meta nfproto ").append(family.uciName());
                append(sb, s);
                append(sb, d);
                append(sb, rest);
                out.add(sb.toString());
            }
        }
        return out;
    }

    private static List<String> addressAlternatives(List<AddressMatch> all, Family family, String field) {
        List<AddressMatch> mine = all.stream().filter(m -> m.family() == family).toList();
        if (mine.isEmpty() || mine.stream().anyMatch(AddressMatch::isAny)) {
            return List.of("");
        }
        String key = family.nftProto() + " " + field;
        List<String> out = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (AddressMatch m : mine) {
            if (m.prefixLength() < 0) {
                out.add(key + " & " + m.mask() + " == " + m.network());
            } else {
                prefixes.add(m.toString());
            }
        }
        if (prefixes.size() == 1) {
            out.add(0, key + " " + prefixes.get(0));
        } else if (!prefixes.isEmpty()) {
            out.add(0, key + " { " + String.join(", ", prefixes) + " }");
        }
        return out;
    }

    private static String rest(Rule rule, Family family, String srcDevice) {
        StringBuilder sb = new StringBuilder();
        if (srcDevice != null) {
            append(sb, "iifname " + NftText.quote(srcDevice));
        }
        OptionalInt proto = Protocol.number(rule.proto());
        if (proto.isPresent()) {
            String l4 = proto.getAsInt() == 6 ? "tcp" : proto.getAsInt() == 17 ? "udp" : null;
            if (l4 != null && (!rule.srcPort().isEmpty() || !rule.destPort().isEmpty())) {
                append(sb, ports(l4, "sport", rule.srcPort()));
                append(sb, ports(l4, "dport", rule.destPort()));
            } else {
                append(sb, "meta l4proto " + proto.getAsInt());
            }
        }
        if (rule.ipset() != null) {
            append(sb, family.nftProto() + " daddr @" + Numbering.userSet(rule.ipset(), family));
        }
        return sb.toString();
    }

    private static String ports(String l4, String field, List<PortRange> ports) {
        if (ports.isEmpty()) {
            return "";
        }
        String items = ports.stream().map(PortRange::toString).collect(Collectors.joining(", "));
        return l4 + " " + field + " " + (ports.size() == 1 ? items : "{ " + items + " }");
    }

    private static void append(StringBuilder sb, String part) {
        if (part != null && !part.isEmpty()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(part);
        }
    }
}
