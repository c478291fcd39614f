package net.mwan3.config;

import static net.mwan3.config.ConfigAssertions.accepted;
import static net.mwan3.config.ConfigAssertions.assertProblem;
import static net.mwan3.config.ConfigAssertions.load;
import static net.mwan3.config.ConfigAssertions.only;
import static net.mwan3.config.ConfigAssertions.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every check of the schema validator and the reader, with the severity it must have. */
class Mwan3ConfigValidationTest {

    @Test
    void unknownSectionTypeAndOptionAreWarnings() {
        ConfigResult r = load("config gateway 'g'\n\toption x '1'\nconfig interface 'wan'\n\toption colour 'red'\n");
        assertNotNull(r.config());
        assertProblem(only(r, Severity.WARNING, "unknown section type 'gateway'"), Severity.WARNING, "gateway 'g'", null, 1);
        assertProblem(only(r, Severity.WARNING, "unknown option"), Severity.WARNING, "interface 'wan'", "colour", 4);
        assertEquals(2, r.problems().size(), "options of an unknown section are not reported one by one");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "interface | enabled | maybe | expected a boolean",
        "interface | family | ipv5 | expected one of ipv4, ipv6",
        "interface | initial_state | up | expected one of online, offline",
        "interface | track_method | icmp | expected one of ping",
        "interface | reliability | 0 | from 1 to 100",
        "interface | reliability | abc | from 1 to 100",
        "interface | up | 1001 | from 1 to 1000",
        "interface | size | 65508 | from 0 to 65507",
        "interface | failure_latency | -5 | whole number >= 0",
        "interface | timeout | 0 | seconds from 0.01 to 600",
        "interface | track_port | 0 | from 1 to 65535",
        "member | metric | x | whole number >= 0",
        "member | weight | 0 | from 1 to 1000000",
        "policy | last_resort | drop | expected one of unreachable, blackhole, default",
        "rule | family | inet | expected one of ipv4, ipv6, any",
        "rule | proto | tpc | expected a protocol name",
        "rule | src_ip | 192.0.2.0/33 | expected an address",
        "rule | dest_ip | example.com | expected an address",
        "rule | dest_port | 80-70 | expected a port",
        "rule | src_port | 65536 | expected a port",
        "rule | sticky | 2 | expected a boolean",
        "rule | timeout | 0 | from 1 to 1000000",
        "rule | use_policy | '' | expected a name",
        "globals | mmx_mask | 0x0 | non-zero 32-bit hex mask",
        "globals | mmx_mask | 0x100000000 | non-zero 32-bit hex mask",
        "globals | loglevel | loud | expected one of emerg",
        "globals | metrics_listen | 127.0.0.1 | expected host:port",
        "globals | metrics_listen | [::1]:99999 | expected host:port",
    })
    void badValuesAreErrorsNamingSectionOptionAndValue(String type, String option, String value, String expected) {
        String name = type.equals("globals") ? "globals" : "s";
        String text = "config " + type + " '" + name + "'\n\toption " + option + " '" + value + "'\n";
        ConfigProblem p = refused(text, "invalid value '" + value + "'");
        assertProblem(p, Severity.ERROR, type + " '" + name + "'", option, 2);
        assertEquals(2, p.column());
        assertTrue(p.message().contains(expected), p.message());
        assertTrue(p.toString().startsWith("mwan3:2:2: error: " + type + " '" + name + "', option '" + option
                + "': invalid value '" + value + "'"), p.toString());
    }

    @Test
    void sectionNamesMustFitNftsLimits() {
        String name = "r".repeat(65);
        ConfigProblem p = refused("config rule '" + name + "'\n\toption use_policy 'default'\n", "invalid section name");
        assertProblem(p, Severity.ERROR, "rule '" + name + "'", null, 1);
        accepted("config rule '" + "r".repeat(64) + "'\n\toption use_policy 'default'\n");
    }

    @Test
    void badListElementIsNamed() {
        ConfigProblem p = refused("config interface 'wan'\n\tlist track_ip '192.0.2.1'\n\tlist track_ip 'bad host'\n",
                "invalid value 'bad host'");
        assertEquals("track_ip", p.option());
        ConfigProblem flush = refused("config interface 'wan'\n\tlist flush_conntrack 'always'\n", "'always'");
        assertEquals("flush_conntrack", flush.option());
    }

    @Test
    void listGivenAsOptionIsReadWordByWord() {
        InterfaceConfig wan = accepted("config interface 'wan'\n\toption track_ip '192.0.2.1 192.0.2.2'\n"
                + "\toption flush_conntrack 'ifup ifdown'\n").iface("wan").orElseThrow();
        assertEquals(List.of("192.0.2.1", "192.0.2.2"), wan.tracking().trackIps());
        assertEquals(java.util.Set.of(FlushAction.IFUP, FlushAction.IFDOWN), wan.flushConntrack());
    }

    @Test
    void flushConntrackNeverTurnsTheDefaultOff() {
        InterfaceConfig wan = accepted("config interface 'wan'\n\tlist flush_conntrack 'never'\n")
                .iface("wan").orElseThrow();
        assertEquals(java.util.Set.of(), wan.flushConntrack());
    }

    @Test
    void singleValueGivenAsListWarnsAndUsesTheLast() {
        ConfigResult r = load("config interface 'wan'\n\tlist family 'ipv4'\n\tlist family 'ipv6'\n");
        assertProblem(only(r, Severity.WARNING, "given as a list"), Severity.WARNING, "interface 'wan'", "family", 3);
        assertEquals(net.mwan3.model.Family.IPV6, r.config().iface("wan").orElseThrow().family());
    }

    @Test
    void danglingReferencesAreErrors() {
        assertProblem(refused("config member 'm'\n\toption interface 'wan'\n", "refers to interface 'wan'"),
                Severity.ERROR, "member 'm'", "interface", 2);
        assertProblem(refused("config policy 'p'\n\tlist use_member 'nope'\n", "refers to member 'nope'"),
                Severity.ERROR, "policy 'p'", "use_member", 2);
        assertProblem(refused("config rule 'r'\n\toption use_policy 'balanced'\n", "refers to policy 'balanced'"),
                Severity.ERROR, "rule 'r'", "use_policy", 2);
    }

    @Test
    void builtInPoliciesNeedNoSection() {
        Mwan3Config c = accepted("config rule 'a'\n\toption use_policy 'default'\nconfig rule 'b'\n"
                + "\toption use_policy 'unreachable'\nconfig rule\n\toption use_policy 'blackhole'\n");
        assertEquals(List.of("a", "b", "@rule[2]"), c.rules().stream().map(Rule::name).toList());
        assertTrue(c.rules().stream().allMatch(Rule::builtInPolicy));
    }

    @Test
    void policyNamedLikeABuiltInIsAnError() {
        assertProblem(refused("config policy 'default'\n", "built-in policy name"), Severity.ERROR, "policy 'default'",
                null, 1);
    }

    @Test
    void duplicateNamesAcrossTypesAreErrors() {
        ConfigProblem p = refused("config interface 'wan'\nconfig member 'wan'\n\toption interface 'wan'\n",
                "duplicate section name 'wan'");
        assertProblem(p, Severity.ERROR, "member 'wan'", null, 2);
        assertTrue(p.message().contains("interface 'wan' at line 1"), p.message());
    }

    @Test
    void metricAbove256SkipsTheMemberWithAWarning() {
        ConfigResult r = load("config interface 'wan'\nconfig member 'm256'\n\toption interface 'wan'\n"
                + "\toption metric '256'\nconfig member 'm300'\n\toption interface 'wan'\n\toption metric '300'\n"
                + "config policy 'p'\n\tlist use_member 'm300'\n\tlist use_member 'm256'\n");
        assertProblem(only(r, Severity.WARNING, "metric 300 > 256"), Severity.WARNING, "member 'm300'", "metric", 7);
        assertEquals(List.of("m256"), r.config().members().stream().map(Member::name).toList());
        assertEquals(List.of("m256"), r.config().policy("p").orElseThrow().useMember(),
                "a skipped member is dropped from policies without a second complaint");
        assertEquals(1, r.problems().size());
    }

    @Test
    void membersAndPoliciesThatMwan3Ignores() {
        ConfigResult r = load("config member\n\toption interface 'x'\nconfig member 'lonely'\nconfig policy\n"
                + "config rule 'r'\n\toption proto 'tcp'\n");
        assertFalse(r.hasErrors(), r.problems()::toString);
        only(r, Severity.WARNING, "anonymous member");
        only(r, Severity.WARNING, "member without 'interface'");
        only(r, Severity.WARNING, "anonymous policy");
        only(r, Severity.WARNING, "rule without 'use_policy'");
        assertTrue(r.config().members().isEmpty() && r.config().policies().isEmpty() && r.config().rules().isEmpty());
    }

    @Test
    void moreInterfacesThanTheMaskAllowsIsAnError() {
        assertTrue(accepted(interfaces(60, null)).interfaces().size() == 60, "0x3F00 has ids 1..60");
        ConfigProblem p = refused(interfaces(61, null), "61 interface sections but mmx_mask 0x3f00 leaves ids for 60");
        assertProblem(p, Severity.ERROR, "interface 'wan60'", null, 61 + 1);
        assertEquals(61, accepted(interfaces(61, "0xFF00")).interfaces().get(60).id());
        refused(interfaces(253, "0xFF00"), "253 interface sections");
        refused(interfaces(1, "0x1"), "1 interface sections");
        assertTrue(accepted("config globals 'globals'\n\toption mmx_mask '0x1'\n").interfaces().isEmpty());
    }

    private static String interfaces(int n, String mask) {
        StringBuilder sb = new StringBuilder("config globals 'globals'\n");
        if (mask != null) {
            sb.append("\toption mmx_mask '").append(mask).append("'\n");
        }
        for (int i = 0; i < n; i++) {
            sb.append("config interface 'wan").append(i).append("'\n");
        }
        return sb.toString();
    }

    @Test
    void unsupportedTrackMethodWarnsAndUsesPing() {
        for (String method : List.of("arping", "nping-udp", "nping-icmp", "nping-arp")) {
            ConfigResult r = load("config interface 'wan'\n\toption track_method '" + method + "'\n");
            assertProblem(only(r, Severity.WARNING, "not built in"), Severity.WARNING, "interface 'wan'", "track_method", 2);
            assertEquals(TrackMethod.PING, r.config().iface("wan").orElseThrow().tracking().method());
        }
        for (TrackMethod m : List.of(TrackMethod.PING, TrackMethod.HTTPING, TrackMethod.NPING_TCP, TrackMethod.NSLOOKUP)) {
            assertEquals(m, accepted("config interface 'wan'\n\toption track_method '" + m.uci() + "'\n")
                    .iface("wan").orElseThrow().tracking().method());
        }
    }

    @Test
    void reliabilityAboveTargetCountIsClamped() {
        ConfigResult r = load("config interface 'wan'\n\tlist track_ip '192.0.2.1'\n\tlist track_ip '192.0.2.2'\n"
                + "\toption reliability '3'\n");
        assertProblem(only(r, Severity.WARNING, "clamped to 2"), Severity.WARNING, "interface 'wan'", "reliability", 4);
        assertEquals(2, r.config().iface("wan").orElseThrow().tracking().reliability());
        assertEquals(3, accepted("config interface 'wan'\n\toption reliability '3'\n").iface("wan").orElseThrow()
                .tracking().reliability(), "no targets, no tracker: nothing to clamp against");
    }

    @Test
    void trackIpOfTheOtherFamilyWarns() {
        ConfigResult r = load("config interface 'wan6'\n\toption family 'ipv6'\n\tlist track_ip '192.0.2.1'\n"
                + "\tlist track_ip '2001:db8::1'\n\tlist track_ip 'one.example'\n");
        assertProblem(only(r, Severity.WARNING, "192.0.2.1 is ipv4"), Severity.WARNING, "interface 'wan6'", "track_ip", 5);
        assertEquals(1, r.problems().size());
    }

    @Test
    void qualityThresholdsInTheWrongOrderWarn() {
        ConfigResult r = load("config interface 'wan'\n\toption check_quality '1'\n\toption recovery_latency '2000'\n");
        only(r, Severity.WARNING, "recovery thresholds are above the failure thresholds");
        assertNotNull(r.config());
    }

    @Test
    void removedGlobalsOptionsWarn() {
        ConfigResult r = load("config globals 'globals'\n\toption local_source 'lan'\n\toption rtmon_interval '5'\n"
                + "\toption enabled '1'\n");
        assertFalse(r.hasErrors());
        assertProblem(only(r, Severity.WARNING, "Removed in mwan3 2.7.8"), Severity.WARNING, "globals 'globals'",
                "local_source", 2);
        only(r, Severity.WARNING, "Removed in mwan3 2.9.0");
        only(r, Severity.WARNING, "Removed in mwan3 2.10");
    }

    @Test
    void globalsNotNamedGlobalsIsIgnoredWithAWarning() {
        ConfigResult r = load("config globals 'settings'\n\toption mmx_mask '0xFF00'\n");
        assertProblem(only(r, Severity.WARNING, "only the globals section named 'globals'"), Severity.WARNING,
                "globals 'settings'", null, 1);
        assertEquals(0x3F00, r.config().globals().mmxMask().mask());
        assertEquals(0x3F00, accepted("config globals\n\toption mmx_mask '0xFF00'\n").globals().mmxMask().mask());
    }
}
