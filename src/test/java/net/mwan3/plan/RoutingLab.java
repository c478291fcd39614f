package net.mwan3.plan;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.mwan3.config.ConfigLoader;
import net.mwan3.config.ConfigResult;
import net.mwan3.config.Mwan3Config;
import net.mwan3.kernel.ApplyResult;
import net.mwan3.kernel.CommandResult;
import net.mwan3.kernel.LinuxKernel;
import net.mwan3.kernel.Ownership;
import net.mwan3.testing.LinuxKernels;
import net.mwan3.lab.LabJava;
import net.mwan3.lab.Topology;
import net.mwan3.model.IfaceState;
import net.mwan3.model.MarkMask;

/**
 * The network {@link RoutingIT} drives: a three-WAN {@link Topology}, echo servers, extra LAN source
 * addresses, and the planner + {@link LinuxKernel} applied to the router. Six interface sections
 * (wan1..wan3 IPv4 ids 1..3, wan1_6..wan3_6 IPv6 ids 4..6 on the same devices) are fixed; each test
 * appends its own rules, so the ownership never changes between tests.
 */
final class RoutingLab implements AutoCloseable {
    static final MarkMask MASK = MarkMask.DEFAULT;
    static final List<String> IFACES = List.of("wan1", "wan2", "wan3", "wan1_6", "wan2_6", "wan3_6");
    static final String BASE = String.join("\n",
            "config globals 'globals'", "\toption mmx_mask '0x3F00'", "\toption logging '1'",
            "\toption loglevel 'notice'",
            iface("wan1", "ipv4"), iface("wan2", "ipv4"), iface("wan3", "ipv4"),
            iface("wan1_6", "ipv6"), iface("wan2_6", "ipv6"), iface("wan3_6", "ipv6"),
            member("m1_w3", "wan1", 1, 3), member("m2_w2", "wan2", 1, 2), member("m3_w1", "wan3", 1, 1),
            member("m16_w3", "wan1_6", 1, 3), member("m26_w2", "wan2_6", 1, 2), member("m36_w1", "wan3_6", 1, 1),
            member("m1", "wan1", 1, 1), member("m2", "wan2", 1, 1), member("m3", "wan3", 1, 1),
            member("m16", "wan1_6", 1, 1), member("m26", "wan2_6", 1, 1),
            member("m2_m2", "wan2", 2, 1), member("m26_m2", "wan2_6", 2, 1),
            policy("balanced", null, "m1_w3", "m2_w2", "m3_w1", "m16_w3", "m26_w2", "m36_w1"),
            policy("equal", null, "m1", "m2", "m3"),
            policy("wan1_wan2", null, "m1", "m2_m2", "m16", "m26_m2"),
            policy("only_wan1", null, "m1"), policy("only_wan2", null, "m2", "m26"), policy("only_wan3", null, "m3"),
            policy("lr_unreach", "unreachable", "m3"), policy("lr_black", "blackhole", "m3"),
            policy("lr_default", "default", "m3"), "");

    final Topology topo;
    final LabJava java;
    final LinuxKernel kernel;
    final Ownership ownership = Ownership.of(MASK, IFACES.size());

    private RoutingLab(Topology topo, Path logs) {
        this.topo = topo;
        this.java = new LabJava(topo.netns(), logs);
        this.kernel = LinuxKernels.in(topo.router());
    }

    static RoutingLab start() throws IOException {
        Path logs = Files.createTempDirectory("routing-it");
        Topology t = Topology.build("rt", 3);
        try {
            RoutingLab lab = new RoutingLab(t, logs);
            for (int i = 11; i <= 20; i++) {
                t.netns().exec(t.lan(), "ip", "addr", "add", "192.0.2." + i + "/24", "dev", "eth0");
            }
            return lab;
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
    }

    private static String iface(String name, String family) {
        return "config interface '" + name + "'\n\toption enabled '1'\n\toption family '" + family + "'";
    }

    private static String member(String name, String iface, int metric, int weight) {
        return "config member '" + name + "'\n\toption interface '" + iface + "'\n\toption metric '" + metric
                + "'\n\toption weight '" + weight + "'";
    }

    private static String policy(String name, String lastResort, String... members) {
        StringBuilder sb = new StringBuilder("config policy '" + name + "'");
        for (String m : members) {
            sb.append("\n\tlist use_member '").append(m).append('\'');
        }
        if (lastResort != null) {
            sb.append("\n\toption last_resort '").append(lastResort).append('\'');
        }
        return sb.toString();
    }

    /** One {@code config rule} section; {@code options} alternate name, value. */
    static String rule(String name, String policy, String... options) {
        StringBuilder sb = new StringBuilder("config rule '" + name + "'\n\toption use_policy '" + policy + "'\n");
        for (int i = 0; i < options.length; i += 2) {
            sb.append("\toption ").append(options[i]).append(" '").append(options[i + 1]).append("'\n");
        }
        return sb.toString();
    }

    static Mwan3Config config(String rules) {
        ConfigResult r = ConfigLoader.fromText("routing-it", BASE + rules);
        assertFalse(r.hasErrors(), () -> r.problems().toString());
        return r.config();
    }

    /** Every interface online on eth1..eth3, except those named {@code offline} (up, not online). */
    static Map<String, IfaceState> statesExcept(Set<String> offline, Set<String> down) {
        Map<String, IfaceState> out = new LinkedHashMap<>();
        for (String i : IFACES) {
            if (!down.contains(i)) {
                String dev = "eth" + i.charAt(3);
                out.put(i, new IfaceState(dev, true, !offline.contains(i)));
            }
        }
        return out;
    }

    static Map<String, IfaceState> allOnline() {
        return statesExcept(Set.of(), Set.of());
    }

    /** Plans from the router's current routes and reconciles; fails the test on any kernel error. */
    DesiredState apply(String rules, Map<String, IfaceState> states) {
        DesiredState desired = plan(rules, states);
        ApplyResult r = kernel.reconcile(desired, ownership);
        if (!r.ok()) {
            throw new AssertionError("reconcile failed: " + r.failures() + "\n" + NftText.table(desired.table()));
        }
        return desired;
    }

    DesiredState plan(String rules, Map<String, IfaceState> states) {
        return Planner.plan(new PlanInput(config(rules), states, kernel.readRoutes(List.of())));
    }

    Flows flows(String server, int port, int count, String source) {
        return new Flows(java.flows(topo.lan(), server, port, count, source));
    }

    String router(String... argv) {
        return topo.netns().exec(topo.router(), argv);
    }

    /** Standard output only, for listings that may legitimately fail (an absent table). */
    String routerOutput(String... argv) {
        CommandResult r = topo.netns().run(topo.router(), argv);
        return r.stdout();
    }

    /** The router's mwan3 state, for assertion messages. */
    String diag() {
        return "\n--- nft list table inet mwan3\n" + routerOutput("nft", "list", "table", "inet", "mwan3")
                + "--- ip rule\n" + router("ip", "-4", "rule") + "--- ip -6 rule\n" + router("ip", "-6", "rule");
    }

    @Override
    public void close() {
        kernel.close();
        topo.close();
    }
}
