package net.mwan3.config;

import static net.mwan3.config.ConfigAssertions.accepted;
import static net.mwan3.config.ConfigAssertions.assertProblem;
import static net.mwan3.config.ConfigAssertions.load;
import static net.mwan3.config.ConfigAssertions.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import net.mwan3.model.Family;
import net.mwan3.model.PortRange;

/** mwan3's rule semantics: what is ignored, with which warning. */
class RuleReaderTest {
    private static final String POLICY = "config interface 'wan'\nconfig member 'm'\n\toption interface 'wan'\n"
            + "config policy 'p'\n\tlist use_member 'm'\n";

    private static ConfigResult rule(String options) {
        return load(POLICY + "config rule 'r'\n" + options);
    }

    @Test
    void portsWithoutTcpOrUdpAreIgnoredWithAWarning() {
        ConfigResult r = rule("\toption use_policy 'p'\n\toption dest_port '443'\n");
        assertProblem(only(r, Severity.WARNING, "ports need proto tcp or udp (proto is 'all')"), Severity.WARNING,
                "rule 'r'", "dest_port", 8);
        Rule rule = r.config().rules().get(0);
        assertEquals(List.of(), rule.destPort());
        ConfigResult icmp = rule("\toption use_policy 'p'\n\toption proto 'icmp'\n\toption src_port '1'\n");
        only(icmp, Severity.WARNING, "proto is 'icmp'");
    }

    @Test
    void portsWithTcpOrUdpInAnySpelling() {
        for (String proto : List.of("tcp", "udp", "TCP", "6", "17")) {
            Rule rule = accepted(POLICY + "config rule 'r'\n\toption use_policy 'p'\n\toption proto '" + proto + "'\n"
                    + "\toption src_port '1000:2000'\n\toption dest_port '80,443'\n").rules().get(0);
            assertEquals(List.of(new PortRange(1000, 2000)), rule.srcPort(), proto);
            assertEquals(List.of(new PortRange(80, 80), new PortRange(443, 443)), rule.destPort(), proto);
        }
    }

    @Test
    void stickyWithABuiltInPolicyIsIgnored() {
        ConfigResult r = load("config rule 'r'\n\toption use_policy 'default'\n\toption sticky '1'\n");
        assertProblem(only(r, Severity.WARNING, "sticky has no effect"), Severity.WARNING, "rule 'r'", "sticky", 3);
        assertFalse(r.config().rules().get(0).sticky());
        Rule real = accepted(POLICY + "config rule 'r'\n\toption use_policy 'p'\n\toption sticky '1'\n"
                + "\toption timeout '30'\n").rules().get(0);
        assertTrue(real.sticky());
        assertEquals(30, real.timeout());
    }

    @Test
    void addressOfTheWrongFamilySkipsTheRule() {
        ConfigResult r = rule("\toption use_policy 'p'\n\toption family 'ipv4'\n\toption dest_ip '::/0'\n");
        assertFalse(r.hasErrors());
        assertProblem(only(r, Severity.WARNING, "::/0 is ipv6 but the rule's family is ipv4"), Severity.WARNING,
                "rule 'r'", "dest_ip", 9);
        only(r, Severity.WARNING, "rule ignored");
        assertTrue(r.config().rules().isEmpty());
    }

    @Test
    void mixedAddressListKeepsTheRuleFamily() {
        ConfigResult r = rule("\toption use_policy 'p'\n\toption family 'ipv6'\n"
                + "\toption src_ip '192.0.2.0/24, 2001:db8::/32'\n");
        only(r, Severity.WARNING, "192.0.2.0/24 is ipv4");
        Rule rule = r.config().rules().get(0);
        assertEquals("[2001:db8::/32]", rule.srcIp().toString());
        assertTrue(rule.appliesTo(Family.IPV6));
        assertFalse(rule.appliesTo(Family.IPV4));
    }

    @Test
    void sourceAndDestinationWithNoCommonFamilySkipTheRule() {
        ConfigResult r = rule("\toption use_policy 'p'\n\toption src_ip '192.0.2.1'\n\toption dest_ip '2001:db8::1'\n");
        only(r, Severity.WARNING, "no family in common");
        assertTrue(r.config().rules().isEmpty());
    }

    @Test
    void familyAnyAppliesPerAddressFamily() {
        Rule rule = accepted(POLICY + "config rule 'r'\n\toption use_policy 'p'\n\toption dest_ip '198.51.100.0/24'\n")
                .rules().get(0);
        assertTrue(rule.appliesTo(Family.IPV4));
        assertFalse(rule.appliesTo(Family.IPV6));
    }

    @Test
    void dottedMasksParseAndKeepTheMask() {
        Mwan3Config c = accepted(POLICY + "config rule 'even'\n\toption src_ip '0.0.0.0/0.0.0.1'\n"
                + "\toption use_policy 'p'\nconfig rule 'odd'\n\toption src_ip '0.0.0.1/0.0.0.1'\n"
                + "\toption use_policy 'p'\nconfig rule 'net'\n\toption src_ip '192.0.2.0/255.255.255.0'\n"
                + "\toption use_policy 'p'\n");
        var even = c.rules().get(0).srcIp().get(0);
        var odd = c.rules().get(1).srcIp().get(0);
        assertEquals("0.0.0.0", even.network().toString());
        assertEquals("0.0.0.1", even.mask().toString());
        assertEquals(-1, even.prefixLength());
        assertFalse(even.isAny(), "a one-bit mask is not 'any'");
        assertEquals("0.0.0.1/0.0.0.1", odd.toString());
        assertEquals("192.0.2.0/24", c.rules().get(2).srcIp().get(0).toString(), "a prefix-shaped mask is a prefix");
    }

    @Test
    void otherRuleOptionsAreKept() {
        Rule rule = accepted(POLICY + "config rule 'r'\n\toption use_policy 'p'\n\toption src_iface 'lan'\n"
                + "\toption ipset 'youtube'\n\toption logging '1'\n\toption proto 'udp'\n").rules().get(0);
        assertEquals("lan", rule.srcIface());
        assertEquals("lan", rule.srcDevice(), "no network file: a device of that name");
        assertEquals("youtube", rule.ipset());
        assertTrue(rule.logging());
        assertEquals("udp", rule.proto());
    }
}
