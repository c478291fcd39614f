package net.mwan3.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import net.mwan3.testing.Golden;

import net.mwan3.model.Family;
import net.mwan3.tunnel.PathState;
import net.mwan3.tunnel.PathStatus;
import net.mwan3.tunnel.TunnelStatus;

/** Golden files for every CLI text shape; {@code -Dgolden.update=true} rewrites them. */
class TextRendererTest {

    static StatusSnapshot sample() {
        List<IfaceStatus> ifaces = List.of(
                new IfaceStatus("wan", true, "online", "active", "online", 83, 0, 300, 1, 10, 0, 9,
                        true, List.of(new TrackIpStatus("1.0.0.1", "up", 12, 0),
                                new TrackIpStatus("1.1.1.1", "skipped", 0, 0)), 0),
                new IfaceStatus("wan6", false, "unknown", "down", "offline", 0, 0, 0, 0, 0, 0, 0, false,
                        List.of(new TrackIpStatus("2606:4700:4700::1111", "unknown", 0, 0)), 31),
                new IfaceStatus("wanb", true, "offline", "active", "offline", 0, 42, 3700, 0, 0, 3, 2, true,
                        List.of(new TrackIpStatus("1.0.0.1", "down", 0, 100)), 0),
                new IfaceStatus("wanc", true, "disconnecting", "active", "online", 0, 0, 60, 0, 8, 1, 4, true,
                        List.of(), 0),
                new IfaceStatus("lte", true, "online", "disabled", "online", 3725, 0, 3725, 0, 0, 0, 0, true,
                        List.of(), 0),
                new IfaceStatus("dsl", true, "disabled", "paused", "offline", 0, 0, 0, 0, 0, 0, 0, false,
                        List.of(), 31),
                new IfaceStatus("wwan", true, "offline", "disabled", "offline", 0, 0, 0, 0, 0, 0, 0, true,
                        List.of(), 16));
        Map<Family, List<PolicyStatus>> policies = Map.of(
                Family.IPV4, List.of(
                        new PolicyStatus("balanced", List.of(new PolicyStatus.Share("wanc", 16),
                                new PolicyStatus.Share("wanb", 33), new PolicyStatus.Share("wan", 50)), "unreachable"),
                        new PolicyStatus("wan_only", List.of(), "blackhole")),
                Family.IPV6, List.of(new PolicyStatus("balanced", List.of(), "unreachable")));
        Map<Family, List<String>> connected = Map.of(Family.IPV4, List.of("10.0.1.0/24", "192.168.1.0/24",
                "224.0.0.0/3"), Family.IPV6, List.of("fe80::/64"));
        Map<Family, List<RuleStatus>> rules = Map.of(
                Family.IPV4, List.of(new RuleStatus("https", "balanced", true, "tcp dport 443", 1234, 987654),
                        new RuleStatus("lan_dns", "default", false, "udp src 192.168.1.0/24 dport 53,853", 7,
                                123456789)),
                Family.IPV6, List.of());
        return new StatusSnapshot(ifaces, policies, connected, rules, List.of(tunnel()));
    }

    /** A failover client tunnel: one path carrying, one standby, one whose WAN is offline, one silent. */
    static TunnelStatus tunnel() {
        List<PathStatus> paths = List.of(
                new PathStatus(0, "wan1->203.0.113.10:7000", PathState.UP, 21_400, 900, 6_250_000, 0.012, 51_000,
                        60_000_000, 23_000, 2_100_000, 0, 40, 1, 0, 0, 0, ""),
                new PathStatus(1, "wan2->203.0.113.10:7000", PathState.STANDBY, 48_000, 2_000, 1_250_000, 0.0, 400,
                        20_000, 398, 19_900, 0, 60, 1, 0, 0, 0, ""),
                new PathStatus(2, "lte->203.0.113.10:7000", PathState.OFFLINE, 0, 0, 12_500, -1, 12, 600, 0, 0, 0,
                        -1, 2, 0, 0, 0, ""),
                new PathStatus(3, "dsl->203.0.113.10:7000", PathState.DOWN, 35_000, 1_000, 125_000, 1.0, 300,
                        15_000, 100, 5_000, 3, 2_500, 3, 0, 0, 0, ""));
        return new TunnelStatus("bond0", "client", "failover", "bond0", "wireguard-go", 0, "127.0.0.1:7001", true, paths,
                Map.of("duplicates", 0L, "auth_failed", 2L, "bad_header", 1L, "replayed", 0L), 0, 0);
    }

    static void assertGolden(String name, String actual) throws IOException {
        Golden.assertGolden("cli", name, actual);
    }

    @Test
    void tunnels() throws IOException {
        assertGolden("tunnels.txt", TextRenderer.tunnels(sample()));
    }

    @Test
    void interfaces() throws IOException {
        assertGolden("interfaces.txt", TextRenderer.interfaces(sample()));
    }

    @Test
    void interfaceLinesKeepMwan3sShape() {
        String text = TextRenderer.interfaces(sample());
        assertEquals(List.of("Interface status:",
                " interface wan is online and tracking is active (online 00h:01m:23s, uptime 00h:05m:00s)",
                " interface wan6 is unknown and tracking is down (31)",
                " interface wanb is offline and tracking is active",
                " interface wanc is disconnecting and tracking is active",
                " interface lte is online and tracking is disabled (online 01h:02m:05s, uptime 01h:02m:05s)",
                " interface dsl is disabled and tracking is paused (31)",
                " interface wwan is offline and tracking is disabled (16)",
                ""), List.of(text.split("\n", -1)).subList(0, 9));
    }

    @Test
    void policies() throws IOException {
        String text = TextRenderer.policies(sample());
        assertGolden("policies.txt", text);
        assertEquals("Current ipv4 policies:\nbalanced:\n wanc (16%)\n wanb (33%)\n wan (50%)\nwan_only:\n blackhole\n\n"
                + "Current ipv6 policies:\nbalanced:\n unreachable\n\n", text);
    }

    @Test
    void connected() throws IOException {
        assertGolden("connected.txt", TextRenderer.connected(sample()));
    }

    @Test
    void rules() throws IOException {
        assertGolden("rules.txt", TextRenderer.rules(sample()));
    }

    @Test
    void status() throws IOException {
        String text = TextRenderer.status(sample());
        assertGolden("status.txt", text);
        assertEquals(TextRenderer.interfaces(sample()) + TextRenderer.policies(sample())
                + TextRenderer.connected(sample()) + TextRenderer.rules(sample()), text);
    }

    @Test
    void json() throws IOException {
        assertGolden("status.json", JsonRenderer.status(sample(), null, null));
        assertGolden("status-interfaces-wan.json", JsonRenderer.status(sample(), "interfaces", "wan"));
    }

    @Test
    void durationsDoNotWrapHours() {
        assertEquals("100h:00m:01s", TextRenderer.duration(360001));
        assertEquals("00h:00m:00s", TextRenderer.duration(0));
    }

    @Test
    void countersAbbreviateLikeIptables() {
        assertEquals("99999", TextRenderer.human(99999));
        assertEquals("100K", TextRenderer.human(100_000));
        assertEquals("123M", TextRenderer.human(123_456_789));
    }
}
