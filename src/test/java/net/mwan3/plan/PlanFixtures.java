package net.mwan3.plan;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;

import net.mwan3.config.ConfigLoader;
import net.mwan3.config.ConfigResult;
import net.mwan3.config.Mwan3Config;
import net.mwan3.model.Family;
import net.mwan3.model.IfaceState;

/** Configs and kernel snapshots shared by the planner tests. */
final class PlanFixtures {

    private PlanFixtures() {
    }

    static Mwan3Config config(String uci) {
        ConfigResult r = ConfigLoader.fromText("test", uci);
        assertFalse(r.hasErrors(), () -> r.problems().toString());
        return r.config();
    }

    /** Three IPv4 WANs (eth1..eth3, weights 3:2:1 in 'balanced'), a backup policy and a sticky rule. */
    static final String THREE_WANS = String.join("\n",
            "config globals 'globals'",
            "\toption mmx_mask '0x3F00'",
            "config interface 'wan'",
            "\toption enabled '1'",
            "config interface 'wan6'",
            "\toption enabled '1'",
            "\toption family 'ipv6'",
            "config interface 'wanb'",
            "\toption enabled '1'",
            "config interface 'wanc'",
            "\toption enabled '1'",
            "config member 'wan_m1_w3'",
            "\toption interface 'wan'", "\toption weight '3'",
            "config member 'wanb_m1_w2'",
            "\toption interface 'wanb'", "\toption weight '2'",
            "config member 'wanc_m1_w1'",
            "\toption interface 'wanc'", "\toption weight '1'",
            "config member 'wanc_m2'",
            "\toption interface 'wanc'", "\toption metric '2'",
            "config member 'wan6_m1'",
            "\toption interface 'wan6'",
            "config policy 'balanced'",
            "\tlist use_member 'wan_m1_w3'", "\tlist use_member 'wanb_m1_w2'", "\tlist use_member 'wanc_m1_w1'",
            "\tlist use_member 'wan6_m1'",
            "config policy 'wan_backup'",
            "\tlist use_member 'wan_m1_w3'", "\tlist use_member 'wanc_m2'",
            "\toption last_resort 'blackhole'",
            "config rule 'https'",
            "\toption sticky '1'", "\toption dest_port '443'", "\toption proto 'tcp'",
            "\toption use_policy 'balanced'",
            "config rule 'odd'",
            "\toption src_ip '0.0.0.1/0.0.0.1'", "\toption use_policy 'wan_backup'",
            "config rule 'lan_dns'",
            "\toption src_ip '192.0.2.0/24'", "\toption proto 'udp'", "\toption dest_port '53,853'",
            "\toption use_policy 'default'",
            "config rule 'default_rule'",
            "\toption dest_ip '0.0.0.0/0'", "\toption use_policy 'balanced'",
            "");

    static Map<String, IfaceState> allOnline() {
        return Map.of("wan", online("eth1"), "wan6", online("eth1"), "wanb", online("eth2"), "wanc", online("eth3"));
    }

    static IfaceState online(String dev) {
        return new IfaceState(dev, true, true);
    }

    static IfaceState offline(String dev) {
        return new IfaceState(dev, true, false);
    }

    static Route route(String dst, String via, String dev, Integer metric) {
        Family f = dst.contains(":") || via != null && via.contains(":") ? Family.IPV6 : Family.IPV4;
        return new Route(f, Route.MAIN, "unicast", dst, via, dev, via == null ? "kernel" : "static",
                via == null ? "link" : null, null, metric);
    }

    static KernelRoutes mainRoutes() {
        return new KernelRoutes(List.of(
                route("default", "198.51.100.1", "eth1", 10),
                route("default", "198.51.100.65", "eth2", 20),
                route("default", "198.51.100.129", "eth3", 30),
                route("198.51.100.0/26", null, "eth1", null),
                route("198.51.100.64/26", null, "eth2", null),
                route("198.51.100.128/26", null, "eth3", null),
                route("192.0.2.0/24", null, "br-lan", null),
                route("default", "2001:db8:1::1", "eth1", 10),
                route("2001:db8:1::/64", null, "eth1", 256),
                route("fe80::/64", null, "eth1", 256)),
                List.of(),
                List.of(new Route(Family.IPV4, Route.LOCAL, "local", "198.51.100.2", null, "eth1", "kernel", "host",
                        "198.51.100.2", null)));
    }

    static PlanInput input(Mwan3Config c, Map<String, IfaceState> states) {
        return new PlanInput(c, states, mainRoutes());
    }
}
