package net.mwan3.config;

import static net.mwan3.config.ConfigAssertions.load;
import static net.mwan3.config.ConfigAssertions.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import net.mwan3.model.AddressMatch;
import net.mwan3.model.PortRange;
import net.mwan3.testing.UciFixtures;

/** The real-world configs (copies of /work/shared/configs) behave as their README says. */
class SeedConfigTest {

    private static ConfigResult seed(String name) {
        return load(UciFixtures.text(name));
    }

    @Test
    void exampleIsValidWithNonContiguousMasks() {
        ConfigResult r = seed("seed-example.mwan3");
        assertEquals(List.of(), r.problems());
        Mwan3Config c = r.config();
        assertEquals(List.of("wan", "wan2"), c.enabledInterfaces().stream().map(InterfaceConfig::name).toList());
        Tracking wan = c.iface("wan").orElseThrow().tracking();
        assertEquals(List.of(4, 2, 3, 8), List.of(wan.trackIps().size(), wan.reliability(), wan.down(), wan.up()));
        assertEquals(java.time.Duration.ofSeconds(5), wan.interval());
        assertEquals(List.of("sticky_even", "sticky_odd", "default_rule"), c.rules().stream().map(Rule::name).toList());
        AddressMatch even = c.rules().get(0).srcIp().get(0);
        AddressMatch odd = c.rules().get(1).srcIp().get(0);
        assertEquals(AddressMatch.parse("0.0.0.0/0.0.0.1").orElseThrow(), even);
        assertEquals("0.0.0.1", odd.network().toString());
        assertEquals("0.0.0.1", odd.mask().toString());
        assertEquals("wan_wan2", c.rules().get(0).usePolicy());
        assertEquals("wan2_wan", c.rules().get(1).usePolicy());
        assertEquals(List.of(new PortRange(443, 443)), c.rules().get(1).destPort());
        assertTrue(c.rules().get(2).destIp().get(0).isAny());
    }

    @Test
    void youtubeTypoIsRefusedWithPositionAndHint() {
        ConfigResult r = seed(UciFixtures.TYPO_SEED);
        assertNull(r.config());
        assertEquals(1, r.problems().size());
        ConfigProblem p = r.problems().get(0);
        assertEquals(Severity.ERROR, p.severity());
        assertEquals("mwan3", p.file());
        assertEquals(2, p.line());
        assertEquals(21, p.column());
        assertTrue(p.message().contains("typographic quote"), p.message());
    }

    @Test
    void youtubeWithQuotesFixedStillNamesAMissingPolicy() {
        String fixed = UciFixtures.text(UciFixtures.TYPO_SEED).replace('\u2018', '\'');
        ConfigResult r = load(fixed);
        assertNull(r.config());
        assertEquals("use_policy", only(r, Severity.ERROR, "refers to policy 'balanced'").option());
    }

    @Test
    void usageReportWarnsAboutCommentOnly() {
        ConfigResult r = seed("seed-usage-report.mwan3");
        assertNotNull(r.config());
        assertEquals(2, r.problems().size(), r.problems()::toString);
        assertTrue(r.problems().stream().allMatch(p -> p.severity() == Severity.WARNING
                && "comment".equals(p.option()) && p.message().contains("unknown option")));
        Mwan3Config c = r.config();
        assertEquals(List.of(10, 20, 10, 20), c.members().stream().map(Member::metric).toList());
        assertEquals(List.of("wan_m10", "wan2_m20"), c.policy("wan_wan2").orElseThrow().useMember());
        assertEquals(List.of("wan_m20", "wan2_m10"), c.policy("wan2_wan").orElseThrow().useMember());
        assertEquals("192.168.1.0/24", c.rules().get(0).srcIp().get(0).toString());
    }

    @Test
    void privoxyIsValidWithQuotedOptionNamesAndRulesInOrder() {
        ConfigResult r = seed("seed-privoxy.mwan3");
        assertNotNull(r.config(), r.problems()::toString);
        assertEquals(1, r.problems().size(), r.problems()::toString);
        assertTrue(r.problems().get(0).message().contains("not a UCI statement"));
        Mwan3Config c = r.config();
        assertEquals(List.of("rule1", "rule2", "rule3"), c.rules().stream().map(Rule::name).toList());
        assertEquals(List.of("wan1_wan2_loadbalanced", "default", "wan1_wan2_loadbalanced"),
                c.rules().stream().map(Rule::usePolicy).toList());
        assertTrue(c.rules().get(1).builtInPolicy());
        assertEquals("10.0.2.1", c.rules().get(0).srcIp().get(0).toString());
        assertEquals(List.of(new PortRange(80, 80)), c.rules().get(0).destPort());
        assertEquals(List.of(new Member("wan1_m1_w1", "wan1", 1, 1), new Member("wan2_m1_w1", "wan2", 1, 1)),
                c.members());
    }

    @Test
    void mailserverIsValidWithoutBlankLinesBetweenSections() {
        ConfigResult r = seed("seed-mailserver.mwan3");
        assertEquals(List.of(), r.problems());
        Rule rule = r.config().rules().get(0);
        assertEquals("Mailserver_uses_wan3_only", rule.name());
        assertEquals("all", rule.proto());
        assertEquals("172.16.1.20", rule.srcIp().get(0).toString());
        assertEquals(32, rule.srcIp().get(0).prefixLength());
        assertEquals("wan3_only", rule.usePolicy());
        assertEquals(new Member("wan3_m1_w10", "wan3", 1, 10), r.config().members().get(0));
    }

    @Test
    void sharedCopiesAreUpToDate() throws Exception {
        // The copies under test resources must match the shared originals while those exist.
        String shared = System.getProperty("mwan3.sharedDir");
        java.nio.file.Path dir = shared == null ? null : java.nio.file.Path.of(shared, "configs");
        org.junit.jupiter.api.Assumptions.assumeTrue(dir != null && java.nio.file.Files.isDirectory(dir),
                "shared config directory not present");
        for (String f : List.of("seed-example.mwan3", "seed-mailserver.mwan3", "seed-privoxy.mwan3",
                "seed-usage-report.mwan3", UciFixtures.TYPO_SEED)) {
            assertEquals(java.nio.file.Files.readString(dir.resolve(f)), UciFixtures.text(f), f);
        }
        assertFalse(UciFixtures.VALID_SEEDS.isEmpty());
    }
}
