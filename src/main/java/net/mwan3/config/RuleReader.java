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

    static List<Rule> rules(List<SectionReader> sections, List<Policy> policies, List<InterfaceConfig> interfaces,
                            DeviceResolver devices) {
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
            Rule rule = rule(s, name, policy, interfaces, devices);
            if (rule != null) {
                out.add(rule);
            }
        }
        return out;
    }

    private static Rule rule(SectionReader s, String name, String policy, List<InterfaceConfig> interfaces,
                             DeviceResolver devices) {
        String srcDevice = null;
        if (s.has("src_iface")) {
            if (!s.fits("src_iface")) {
                return null; // the schema check reported it
            }
            srcDevice = srcDevice(s, interfaces, devices);
            if (srcDevice == null) {
                return null;
            }
        }
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
                srcDevice, s.string("ipset"), sticky, s.integer("timeout"), s.bool("logging"));
        if (!rule.appliesTo(Family.IPV4) && !rule.appliesTo(Family.IPV6)) {
            s.warn(null, "source and destination addresses have no family in common; the rule can never match;"
                    + " ignored");
            return null;
        }
        return rule;
    }

    /**
     * The device of {@code src_iface}, resolved as for interfaces: an mwan3 interface's device, the
     * network file's interface of that name, else a device of that name. Null after an error when
     * none of them gives a valid device name.
     */
    private static String srcDevice(SectionReader s, List<InterfaceConfig> interfaces, DeviceResolver devices) {
        String iface = s.string("src_iface");
        String device = interfaces.stream().filter(i -> i.name().equals(iface)).map(InterfaceConfig::device)
                .findFirst().or(() -> devices.fromNetwork(iface)).orElse(iface);
        if (!devices.valid(device)) {
            s.error("src_iface", "'" + iface + "' resolves to no device: it is not an mwan3 interface or an interface"
                    + " of the network file with a device, and is too long for a Linux device name");
            return null;
        }
        return device;
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
