package net.mwan3.netlink;

import java.util.Map;

/**
 * iproute2's names for route types, protocols and scopes ({@code rtnl_rtntype_n2a} and friends,
 * the default {@code /etc/iproute2/rt_protos}), so a route read over netlink carries the same
 * words as {@code ip -j route} printed and the planner's copies of it read back the same. A
 * number without a name is written as the number, as iproute2 does.
 */
public final class RtNames {
    private static final String[] TYPES = {"none", "unicast", "local", "broadcast", "anycast", "multicast",
            "blackhole", "unreachable", "prohibit", "throw", "nat", "xresolve"};
    private static final Map<Integer, String> PROTOCOLS = Map.ofEntries(Map.entry(0, "unspec"),
            Map.entry(1, "redirect"), Map.entry(2, "kernel"), Map.entry(3, "boot"), Map.entry(4, "static"),
            Map.entry(8, "gated"), Map.entry(9, "ra"), Map.entry(10, "mrt"), Map.entry(11, "zebra"),
            Map.entry(12, "bird"), Map.entry(13, "dnrouted"), Map.entry(14, "xorp"), Map.entry(15, "ntk"),
            Map.entry(16, "dhcp"), Map.entry(18, "keepalived"), Map.entry(42, "babel"), Map.entry(99, "openr"),
            Map.entry(186, "bgp"), Map.entry(187, "isis"), Map.entry(188, "ospf"), Map.entry(189, "rip"),
            Map.entry(192, "eigrp"));
    private static final Map<Integer, String> SCOPES = Map.of(0, "global", 200, "site", 253, "link", 254, "host",
            255, "nowhere");

    public static final int RTN_UNICAST = 1;
    public static final int RTPROT_BOOT = 3;
    public static final int RT_SCOPE_UNIVERSE = 0;
    public static final int RT_SCOPE_LINK = 253;
    public static final int RT_SCOPE_HOST = 254;
    public static final int RT_SCOPE_NOWHERE = 255;

    private RtNames() {
    }

    public static String type(int n) {
        return n >= 0 && n < TYPES.length ? TYPES[n] : Integer.toString(n);
    }

    public static int type(String name) {
        for (int i = 0; i < TYPES.length; i++) {
            if (TYPES[i].equals(name)) {
                return i;
            }
        }
        return number("route type", name);
    }

    public static String protocol(int n) {
        return PROTOCOLS.getOrDefault(n, Integer.toString(n));
    }

    public static int protocol(String name) {
        return PROTOCOLS.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey).findFirst()
                .orElseGet(() -> number("protocol", name));
    }

    public static String scope(int n) {
        return SCOPES.getOrDefault(n, Integer.toString(n));
    }

    public static int scope(String name) {
        if (name.equals("universe")) {
            return RT_SCOPE_UNIVERSE;
        }
        return SCOPES.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey).findFirst()
                .orElseGet(() -> number("scope", name));
    }

    private static int number(String what, String s) {
        try {
            int n = Integer.parseInt(s);
            if (n >= 0 && n <= 255) {
                return n;
            }
        } catch (NumberFormatException e) {
            // not a number either: reported below
        }
        throw new IllegalArgumentException("unknown " + what + " \"" + s + "\"");
    }
}
