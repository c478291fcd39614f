package net.mwan3.config;

import java.util.ArrayList;
import java.util.List;

import net.mwan3.model.AddressMatch;
import net.mwan3.model.Family;
import net.mwan3.model.PortRange;
import net.mwan3.model.Protocol;

/** Reads {@code rule} sections, keeping mwan3's rules about what is ignored and saying so. */
final class RuleReader {

    private RuleReader() {
    }

    static List<Rule> rules(List<SectionReader> sections, List<Policy> policies, List<ConfigProblem> problems) {
        List<Rule> out = new ArrayList<>();
        int index = 0;
        for (SectionReader s : sections) {
            String name = s.section().name() != null ? s.section().name() : "@rule[" + index + "]";
            index++;
            if (!s.has("use_policy")) {
                s.warn("use_policy", "rule without 'use_policy'; ignored, as in mwan3");
                continue;
            }
            String policy = s.string("use_policy");
            if (!Policy.BUILT_IN.contains(policy) && policies.stream().noneMatch(p -> p.name().equals(policy))) {
                s.error("use_policy", "refers to policy '" + policy + "', which is neither a policy section nor one of "
                        + String.join(", ", Policy.BUILT_IN));
                continue;
            }
            Rule rule = rule(s, name, policy);
            if (rule != null) {
                out.add(rule);
            }
        }
        return out;
    }

    private static Rule rule(SectionReader s, String name, String policy) {
        RuleFamily family = RuleFamily.fromUci(s.string("family"));
        List<AddressMatch> src = addresses(s, "src_ip", family);
        List<AddressMatch> dest = addresses(s, "dest_ip", family);
        if (src == null || dest == null) {
            return null;
        }
        String proto = s.string("proto");
        List<PortRange> srcPort = ports(s, "src_port", proto);
        List<PortRange> destPort = ports(s, "dest_port", proto);
        boolean sticky = s.bool("sticky");
        if (sticky && Policy.BUILT_IN.contains(policy)) {
            s.warn("sticky", "sticky has no effect with the built-in policy '" + policy + "'; ignored");
            sticky = false;
        }
        Rule rule = new Rule(name, policy, family, proto, src, dest, srcPort, destPort, s.string("src_iface"),
                s.string("ipset"), sticky, s.integer("timeout"), s.bool("logging"));
        if (!rule.appliesTo(Family.IPV4) && !rule.appliesTo(Family.IPV6)) {
            s.warn(null, "source and destination addresses have no family in common; the rule can never match;"
                    + " ignored");
            return null;
        }
        return rule;
    }

    /** The addresses of the rule's families; null (rule skipped) when none fits the family. */
    private static List<AddressMatch> addresses(SectionReader s, String option, RuleFamily family) {
        if (!s.has(option)) {
            return List.of();
        }
        List<AddressMatch> out = new ArrayList<>();
        for (String part : s.string(option).split(",")) {
            AddressMatch.parse(part.trim()).ifPresent(m -> {
                boolean fits = family == RuleFamily.ANY || family.uci().equals(m.family().uciName());
                if (fits) {
                    out.add(m);
                } else {
                    s.warn(option, part.trim() + " is " + m.family() + " but the rule's family is " + family
                            + "; that address is ignored");
                }
            });
        }
        if (out.isEmpty()) {
            s.warn(option, "no address of the rule's family " + family + " left; rule ignored");
            return null;
        }
        return out;
    }

    private static List<PortRange> ports(SectionReader s, String option, String proto) {
        if (!s.has(option)) {
            return List.of();
        }
        var number = Protocol.isValid(proto) ? Protocol.number(proto) : java.util.OptionalInt.empty();
        if (number.isEmpty() || number.getAsInt() != 6 && number.getAsInt() != 17) {
            s.warn(option, "ports need proto tcp or udp (proto is '" + proto + "'); ignored, as in mwan3: the rule"
                    + " matches every port");
            return List.of();
        }
        return PortRange.parseList(s.string(option)).orElse(List.of());
    }
}
