package net.mwan3.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import net.mwan3.model.Family;
import net.mwan3.plan.IpRule;
import net.mwan3.plan.Route;

/** Parsing of iproute2 6.1 JSON, captured in a namespace with {@code ip -j -4 rule} and friends. */
class IpJsonTest {
    private static final String RULES_V4 = "[{\"priority\":0,\"src\":\"all\",\"table\":\"local\"},"
            + "{\"priority\":1001,\"src\":\"all\",\"iif\":\"eth1\",\"table\":\"1\"},"
            + "{\"priority\":1500,\"src\":\"192.0.2.0\",\"srclen\":24,\"table\":\"100\"},"
            + "{\"priority\":2001,\"src\":\"all\",\"fwmark\":\"0x100\",\"fwmask\":\"0x3f00\",\"table\":\"1\"},"
            + "{\"priority\":2061,\"src\":\"all\",\"fwmark\":\"0x3d00\",\"fwmask\":\"0x3f00\",\"action\":\"blackhole\"},"
            + "{\"priority\":2062,\"src\":\"all\",\"fwmark\":\"0x3e00\",\"fwmask\":\"0x3f00\",\"action\":\"unreachable\"},"
            + "{\"priority\":2070,\"src\":\"all\",\"fwmark\":\"0x5\",\"table\":\"5\"},"
            + "{\"priority\":1009,\"src\":\"all\",\"iif\":\"eth9\",\"iif_detached\":null,\"table\":\"9\"},"
            + "{\"priority\":32766,\"src\":\"all\",\"table\":\"main\"},{\"priority\":32767,\"src\":\"all\",\"table\":\"default\"}]";
    private static final String ROUTES_V4_ALL = "[{\"dst\":\"default\",\"gateway\":\"198.51.100.1\",\"dev\":\"eth1\","
            + "\"table\":\"1\",\"protocol\":\"static\",\"metric\":10,\"flags\":[]},"
            + "{\"dst\":\"198.51.100.0/24\",\"dev\":\"eth1\",\"table\":\"1\",\"protocol\":\"kernel\",\"scope\":\"link\","
            + "\"prefsrc\":\"198.51.100.2\",\"flags\":[]},"
            + "{\"type\":\"unreachable\",\"dst\":\"203.0.113.0/24\",\"table\":\"1\",\"flags\":[]},"
            + "{\"dst\":\"default\",\"gateway\":\"198.51.100.1\",\"dev\":\"eth1\",\"metric\":10,\"flags\":[]},"
            + "{\"type\":\"local\",\"dst\":\"198.51.100.2\",\"dev\":\"eth1\",\"table\":\"local\",\"protocol\":\"kernel\","
            + "\"scope\":\"host\",\"prefsrc\":\"198.51.100.2\",\"flags\":[]},"
            + "{\"dst\":\"192.0.2.0/24\",\"dev\":\"eth1\",\"table\":\"wan_custom\",\"flags\":[]}]";
    private static final String ROUTES_V6_TABLE1 = "[{\"dst\":\"2001:db8:1::/64\",\"dev\":\"eth1\",\"metric\":1024,"
            + "\"flags\":[],\"pref\":\"medium\"},{\"dst\":\"default\",\"gateway\":\"2001:db8:1::1\",\"dev\":\"eth1\","
            + "\"metric\":10,\"flags\":[],\"pref\":\"medium\"}]";

    @Test
    void parsesTheRuleShapesMwan3Creates() {
        List<ParsedRule> rules = IpJson.rules(Family.IPV4, RULES_V4);
        assertEquals(10, rules.size());
        assertEquals(IpRule.iif(Family.IPV4, 1001, "eth1", 1), rules.get(1).rule());
        assertEquals(IpRule.fwmark(Family.IPV4, 2001, 0x100, 0x3f00, IpRule.Action.LOOKUP, 1), rules.get(3).rule());
        assertEquals(IpRule.fwmark(Family.IPV4, 2061, 0x3d00, 0x3f00, IpRule.Action.BLACKHOLE, 0), rules.get(4).rule());
        assertEquals(IpRule.fwmark(Family.IPV4, 2062, 0x3e00, 0x3f00, IpRule.Action.UNREACHABLE, 0), rules.get(5).rule());
        assertEquals("pref 2062 fwmark 0x3e00/0x3f00 unreachable", rules.get(5).rule().args());
    }

    @Test
    void markWithoutMaskMeansAllBitsAndDetachedIifIsStillOurs() {
        List<ParsedRule> rules = IpJson.rules(Family.IPV4, RULES_V4);
        assertEquals(0xffffffffL, rules.get(6).rule().mask());
        assertEquals(IpRule.iif(Family.IPV4, 1009, "eth9", 9), rules.get(7).rule());
    }

    @Test
    void foreignShapesAreNotRecognised() {
        List<ParsedRule> rules = IpJson.rules(Family.IPV4, RULES_V4);
        ParsedRule fromRule = rules.get(2);
        assertEquals(1500, fromRule.pref());
        assertFalse(fromRule.recognised());
        assertNull(rules.get(0).rule(), "iif/fwmark-less lookup local");
    }

    @Test
    void routesCarryTheirTableAndMainIsTheDefault() {
        List<Route> routes = IpJson.routes(Family.IPV4, ROUTES_V4_ALL, Route.MAIN);
        assertEquals(5, routes.size(), "the route in a named table is dropped");
        assertEquals(new Route(Family.IPV4, 1, "unicast", "default", "198.51.100.1", "eth1", "static", null, null, 10),
                routes.get(0));
        assertEquals(new Route(Family.IPV4, 1, "unicast", "198.51.100.0/24", null, "eth1", "kernel", "link",
                "198.51.100.2", null), routes.get(1));
        assertEquals("unreachable 203.0.113.0/24 table 1", routes.get(2).args());
        assertEquals(Route.MAIN, routes.get(3).table());
        assertEquals(new Route(Family.IPV4, Route.LOCAL, "local", "198.51.100.2", null, "eth1", "kernel", "host",
                "198.51.100.2", null), routes.get(4));
    }

    @Test
    void tableShowUsesTheRequestedTable() {
        List<Route> routes = IpJson.routes(Family.IPV6, ROUTES_V6_TABLE1, 1);
        assertEquals(List.of(1, 1), routes.stream().map(Route::table).toList());
        assertEquals(RouteKey.of(new Route(Family.IPV6, 1, "unicast", "2001:db8:1::/64", null, "eth1", null, null,
                null, null)), RouteKey.of(routes.get(0)), "IPv6 metric defaults to 1024, protocol boot is omitted");
    }

    @Test
    void garbageIsAKernelException() {
        assertThrows(KernelException.class, () -> IpJson.rules(Family.IPV4, "Error: oops"));
        assertThrows(KernelException.class, () -> IpJson.routes(Family.IPV4, "{}", Route.MAIN));
        assertEquals(List.of(), IpJson.rules(Family.IPV6, ""));
    }
}
