package net.mwan3.config;

import java.util.List;

import net.mwan3.model.AddressMatch;
import net.mwan3.model.Family;
import net.mwan3.model.PortRange;

/**
 * A {@code rule}, already reconciled with mwan3's skip rules: ports are empty unless the protocol is
 * tcp or udp, {@code sticky} is false for built-in policies, and addresses of a family the rule does
 * not apply to were dropped with a warning.
 *
 * @param proto     {@code all}, a protocol name or a number
 * @param srcDevice the device {@code srcIface} resolved to at load (null without src_iface)
 */
public record Rule(String name, String usePolicy, RuleFamily family, String proto, List<AddressMatch> srcIp,
                   List<AddressMatch> destIp, List<PortRange> srcPort, List<PortRange> destPort,
                   String srcIface, String srcDevice, String ipset, boolean sticky, int timeout, boolean logging) {

    public Rule {
        srcIp = List.copyOf(srcIp);
        destIp = List.copyOf(destIp);
        srcPort = List.copyOf(srcPort);
        destPort = List.copyOf(destPort);
    }

    /** Whether the rule produces a match in {@code f}: its family allows it and its addresses fit. */
    public boolean appliesTo(Family f) {
        if (family == RuleFamily.IPV4 && f != Family.IPV4 || family == RuleFamily.IPV6 && f != Family.IPV6) {
            return false;
        }
        return fits(srcIp, f) && fits(destIp, f);
    }

    private static boolean fits(List<AddressMatch> matches, Family f) {
        return matches.isEmpty() || matches.stream().anyMatch(m -> m.family() == f);
    }

    public boolean builtInPolicy() {
        return Policy.BUILT_IN.contains(usePolicy);
    }
}
