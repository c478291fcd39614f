package net.mwan3.config;

import static net.mwan3.config.ConfigAssertions.accepted;
import static net.mwan3.config.ConfigAssertions.assertNoProblems;
import static net.mwan3.config.ConfigAssertions.load;
import static net.mwan3.config.ConfigAssertions.only;
import static net.mwan3.config.ConfigAssertions.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import net.mwan3.model.Family;
import net.mwan3.model.MarkMask;

/** mwan3 2.12.2's defaults (reference §1) and the id scheme (§2), read from sections without options. */
class Mwan3ConfigReaderTest {

    @Test
    void interfaceDefaults() {
        ConfigResult r = load("config interface 'wan'\n");
        assertNoProblems(r);
        InterfaceConfig wan = r.config().iface("wan").orElseThrow();
        assertEquals(1, wan.id());
        assertFalse(wan.enabled(), "enabled defaults to 0");
        assertEquals("wan", wan.device(), "without option device or a network file the device is the name");
        assertEquals(Family.IPV4, wan.family());
        assertEquals(InitialState.ONLINE, wan.initialState());
        assertEquals(Set.of(FlushAction.IFDOWN, FlushAction.DISCONNECTED), wan.flushConntrack(),
                "our default (mwan3 had none): this interface's flows leave a dead WAN at once");
        Tracking t = wan.tracking();
        assertEquals(List.of(), t.trackIps());
        assertFalse(t.enabled(), "no track_ip: no tracker");
        assertEquals(TrackMethod.PING, t.method());
        assertEquals(80, t.trackPort());
        assertFalse(t.httpingSsl());
        assertEquals(1, t.reliability());
        assertEquals(1, t.count());
        assertEquals(56, t.size());
        assertEquals(60, t.maxTtl());
        assertEquals(Duration.ofSeconds(4), t.timeout());
        assertEquals(Duration.ofSeconds(10), t.interval());
        assertEquals(Duration.ofSeconds(10), t.failureInterval());
        assertEquals(Duration.ofSeconds(10), t.recoveryInterval());
        assertFalse(t.keepFailureInterval());
        assertFalse(t.checkQuality());
        assertEquals(new Quality(1000, 40, 500, 10), t.quality());
        assertEquals(5, t.up());
        assertEquals(5, t.down());
    }

    @Test
    void failureAndRecoveryIntervalsDefaultToInterval() {
        Tracking t = accepted("config interface 'wan'\n\toption interval '3'\n").iface("wan").orElseThrow().tracking();
        assertEquals(Duration.ofSeconds(3), t.interval());
        assertEquals(Duration.ofSeconds(3), t.failureInterval());
        assertEquals(Duration.ofSeconds(3), t.recoveryInterval());
        Tracking own = accepted("config interface 'wan'\n\toption interval '3'\n\toption failure_interval '1'\n"
                + "\toption recovery_interval '2'\n").iface("wan").orElseThrow().tracking();
        assertEquals(Duration.ofSeconds(1), own.failureInterval());
        assertEquals(Duration.ofSeconds(2), own.recoveryInterval());
    }

    @Test
    void decimalSeconds() {
        Tracking t = accepted("config interface 'wan'\n\toption interval '0.2'\n\toption timeout '0.05'\n"
                + "\toption failure_interval '1.5'\n").iface("wan").orElseThrow().tracking();
        assertEquals(Duration.ofMillis(200), t.interval());
        assertEquals(Duration.ofMillis(50), t.timeout());
        assertEquals(Duration.ofMillis(1500), t.failureInterval());
        assertEquals(Duration.ofMillis(200), t.recoveryInterval(), "a decimal interval is copied too");
        for (String bad : List.of("0.0001", "1.5s", "-1", "1e3", "0.01", ".5", "")) {
            ConfigProblem p = refused("config interface 'wan'\n\toption interval '" + bad + "'\n", "invalid value");
            assertEquals("interval", p.option(), bad);
        }
    }

    @Test
    void memberPolicyRuleDefaults() {
        Mwan3Config c = accepted("""
                config interface 'wan'
                config member 'm'
                \toption interface 'wan'
                config policy 'p'
                \tlist use_member 'm'
                config rule 'r'
                \toption use_policy 'p'
                """);
        assertEquals(new Member("m", "wan", 1, 1), c.member("m").orElseThrow());
        Policy p = c.policy("p").orElseThrow();
        assertEquals(List.of("m"), p.useMember());
        assertEquals(LastResort.UNREACHABLE, p.lastResort());
        Rule r = c.rules().get(0);
        assertEquals("r", r.name());
        assertEquals("p", r.usePolicy());
        assertEquals(RuleFamily.ANY, r.family());
        assertEquals("all", r.proto());
        assertEquals(List.of(), r.srcIp());
        assertEquals(List.of(), r.destIp());
        assertEquals(List.of(), r.srcPort());
        assertEquals(List.of(), r.destPort());
        assertNull(r.srcIface());
        assertNull(r.ipset());
        assertFalse(r.sticky());
        assertEquals(600, r.timeout());
        assertFalse(r.logging());
        assertTrue(r.appliesTo(Family.IPV4) && r.appliesTo(Family.IPV6));
    }

    @Test
    void policyWithoutMembersAndExplicitLastResort() {
        Policy p = accepted("config policy 'p'\n\toption last_resort 'default'\n").policy("p").orElseThrow();
        assertEquals(List.of(), p.useMember());
        assertEquals(LastResort.DEFAULT, p.lastResort());
    }

    @Test
    void globalsDefaults() {
        Globals g = accepted("config globals 'globals'\n").globals();
        assertEquals(new MarkMask(0x3F00), g.mmxMask());
        assertFalse(g.logging());
        assertEquals("notice", g.loglevel());
        assertEquals(List.of(), g.rtTableLookup());
        assertFalse(g.sourceRouting());
        assertNull(g.metricsListen());
        assertEquals(Globals.DEFAULT, g);
        assertSame(Globals.DEFAULT, accepted("config interface 'wan'\n").globals(), "no globals section at all");
    }

    @Test
    void globalsOptions() {
        Globals g = accepted("""
                config globals 'globals'
                \toption mmx_mask '0xff00'
                \toption logging '1'
                \toption loglevel 'debug'
                \tlist rt_table_lookup '220'
                \tlist rt_table_lookup '100'
                \toption source_routing 'yes'
                \toption metrics_listen '127.0.0.1:9184'
                """).globals();
        assertEquals(new Globals(new MarkMask(0xFF00), true, "debug", List.of(220, 100), true, "127.0.0.1:9184", null), g);
    }

    @Test
    void idsArePositionsAmongAllInterfaceSections() {
        Mwan3Config c = accepted("""
                config interface 'wan'
                \toption enabled '1'
                config member 'between'
                \toption interface 'wan'
                config interface 'off'
                \toption enabled '0'
                config interface
                \toption enabled '1'
                config interface 'wanb'
                \toption enabled '1'
                """);
        assertEquals(List.of("wan", "off", "@interface[2]", "wanb"), c.interfaces().stream().map(InterfaceConfig::name).toList());
        assertEquals(List.of(1, 2, 3, 4), c.interfaces().stream().map(InterfaceConfig::id).toList());
        assertEquals(List.of("wan", "wanb"), c.enabledInterfaces().stream().map(InterfaceConfig::name).toList());
    }

    @Test
    void anonymousInterfaceKeepsItsIdButIsDisabledWithAWarning() {
        ConfigResult r = load("config interface 'wan'\nconfig interface\n\toption enabled '1'\nconfig interface 'b'\n");
        ConfigProblem w = only(r, Severity.WARNING, "anonymous interface");
        assertEquals("interface @interface[1]", w.section());
        assertEquals(2, w.line());
        InterfaceConfig anon = r.config().interfaces().get(1);
        assertEquals(2, anon.id());
        assertFalse(anon.enabled());
        assertEquals(3, r.config().iface("b").orElseThrow().id());
    }

    @Test
    void shippedDefaultConfig() {
        ConfigResult r = load(net.mwan3.testing.UciFixtures.text(net.mwan3.testing.UciFixtures.DEFAULT));
        assertNoProblems(r);
        Mwan3Config c = r.config();
        assertEquals(MarkMask.DEFAULT, c.globals().mmxMask());
        assertEquals(List.of("wan:1:ipv4:true:2", "wan6:2:ipv6:false:2", "wanb:3:ipv4:false:1", "wanb6:4:ipv6:false:1"),
                c.interfaces().stream().map(i -> i.name() + ":" + i.id() + ":" + i.family() + ":" + i.enabled() + ":"
                        + i.tracking().reliability()).toList());
        assertEquals(List.of("1.0.0.1", "1.1.1.1", "208.67.222.222", "208.67.220.220"),
                c.iface("wan").orElseThrow().tracking().trackIps());
        assertEquals(10, c.members().size());
        assertEquals(new Member("wanb6_m2_w2", "wanb6", 2, 2), c.members().get(9));
        assertEquals(List.of("wan_only", "wanb_only", "balanced", "wan_wanb", "wanb_wan"),
                c.policies().stream().map(Policy::name).toList());
        assertEquals(List.of("wan_m1_w3", "wanb_m1_w3", "wan6_m1_w3", "wanb6_m1_w3"),
                c.policy("balanced").orElseThrow().useMember());
        assertEquals(List.of("https", "default_rule_v4", "default_rule_v6"), c.rules().stream().map(Rule::name).toList());
        Rule https = c.rules().get(0);
        assertTrue(https.sticky());
        assertEquals("tcp", https.proto());
        assertEquals("[443]", https.destPort().toString());
        Rule v6 = c.rules().get(2);
        assertEquals(RuleFamily.IPV6, v6.family());
        assertTrue(v6.destIp().get(0).isAny());
        assertFalse(v6.appliesTo(Family.IPV4));
    }
}
