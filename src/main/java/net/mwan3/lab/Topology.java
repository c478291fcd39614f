package net.mwan3.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * The lab network, built in fresh namespaces: a LAN client, a router with N WANs, one ISP per WAN
 * and an "internet" holding track targets and a server. Addresses are documentation and
 * benchmarking ranges only; nothing leaves the namespaces.
 *
 * <pre>
 *  lan (192.0.2.10) -- lan0 [router] ethK -- down [ispK] up -- ispK [inet: 203.0.113.0/24 on lo]
 * </pre>
 * WAN K: router 198.51.100.(64(K-1)+2)/26, ISP .(64(K-1)+1); 2001:db8:K::2/64 and ::1. The router
 * has one default route per WAN (metric 10·K) and masquerades per WAN, as a firewall would; each
 * ISP drops packets whose source is not its customer's (as real ISPs do), so a reply that leaves by
 * the wrong WAN is lost.
 */
public final class Topology implements AutoCloseable {
    public static final String LAN_CLIENT = "192.0.2.10";
    public static final String LAN_ROUTER = "192.0.2.1";
    public static final String LAN_CLIENT6 = "2001:db8::10";
    public static final String SERVER = "203.0.113.10";
    public static final String SERVER6 = "2001:db8:ff::10";
    public static final int SERVER_PORT = 8080;

    private final Netns netns;
    private final int wans;
    private final String lan;
    private final String router;
    private final String inet;
    private final List<String> isps = new ArrayList<>();

    private Topology(Netns netns, int wans) {
        this.netns = netns;
        this.wans = wans;
        this.lan = netns.add("lan");
        this.router = netns.add("rtr");
        this.inet = netns.add("inet");
        for (int k = 1; k <= wans; k++) {
            isps.add(netns.add("isp" + k));
        }
    }

    /** Builds the whole network; on failure everything created so far is removed. */
    public static Topology build(String tag, int wans) {
        return build(new Netns(tag), wans);
    }

    /**
     * Builds the network in {@code netns}, which the caller may already hold elsewhere (the lab's
     * Ctrl-C handler closes it even while this runs); on failure it is closed.
     */
    public static Topology build(Netns netns, int wans) {
        try {
            Topology t = new Topology(netns, wans);
            t.wire();
            return t;
        } catch (RuntimeException e) {
            netns.close();
            throw e;
        }
    }

    public static String wanAddress(int k) {
        return "198.51.100." + (64 * (k - 1) + 2);
    }

    public static String ispAddress(int k) {
        return "198.51.100." + (64 * (k - 1) + 1);
    }

    public static String wanAddress6(int k) {
        return "2001:db8:" + k + "::2";
    }

    public static String ispAddress6(int k) {
        return "2001:db8:" + k + "::1";
    }

    /** Track target K of the internet (answers ping on the internet namespace's loopback). */
    public static String target(int k) {
        return "203.0.113." + k;
    }

    public static String target6(int k) {
        return "2001:db8:ff::" + k;
    }

    public static String wanDevice(int k) {
        return "eth" + k;
    }

    private void wire() {
        netns.veth(lan, "eth0", router, "lan0");
        addr(lan, "eth0", LAN_CLIENT + "/24", LAN_CLIENT6 + "/64");
        addr(router, "lan0", LAN_ROUTER + "/24", "2001:db8::1/64");
        netns.exec(lan, "ip", "route", "add", "default", "via", LAN_ROUTER);
        netns.exec(lan, "ip", "-6", "route", "add", "default", "via", "2001:db8::1");
        sysctl(router, "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1");
        sysctl(inet, "net.ipv6.conf.all.forwarding=1");
        StringBuilder nat = new StringBuilder("table inet lab_nat {\n chain post {\n"
                + "  type nat hook postrouting priority srcnat; policy accept\n");
        for (int k = 1; k <= wans; k++) {
            wireWan(k);
            nat.append("  oifname \"").append(wanDevice(k)).append("\" masquerade\n");
        }
        netns.runner(router).run(List.of("nft", "-f", "-"), nat.append(" }\n}\n").toString()).orThrow();
        netns.exec(inet, "ip", "addr", "add", SERVER + "/32", "dev", "lo");
        netns.exec(inet, "ip", "addr", "add", SERVER6 + "/128", "dev", "lo");
        for (int k = 1; k <= 4; k++) {
            netns.exec(inet, "ip", "addr", "add", target(k) + "/32", "dev", "lo");
            netns.exec(inet, "ip", "addr", "add", target6(k) + "/128", "dev", "lo");
        }
    }

    private void wireWan(int k) {
        String isp = isps.get(k - 1);
        netns.veth(router, wanDevice(k), isp, "down");
        addr(router, wanDevice(k), wanAddress(k) + "/26", wanAddress6(k) + "/64");
        addr(isp, "down", ispAddress(k) + "/26", ispAddress6(k) + "/64");
        netns.veth(isp, "up", inet, "isp" + k);
        addr(isp, "up", "198.18." + k + ".1/24", "2001:db8:f" + k + "::1/64");
        addr(inet, "isp" + k, "198.18." + k + ".2/24", "2001:db8:f" + k + "::2/64");
        sysctl(isp, "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1");
        netns.exec(isp, "ip", "route", "add", "203.0.113.0/24", "via", "198.18." + k + ".2");
        netns.exec(isp, "ip", "-6", "route", "add", "2001:db8:ff::/64", "via", "2001:db8:f" + k + "::2");
        netns.exec(inet, "ip", "route", "add", "198.51.100." + (64 * (k - 1)) + "/26", "via", "198.18." + k + ".1");
        netns.exec(inet, "ip", "-6", "route", "add", "2001:db8:" + k + "::/64", "via", "2001:db8:f" + k + "::1");
        netns.exec(router, "ip", "route", "add", "default", "via", ispAddress(k), "dev", wanDevice(k),
                "metric", Integer.toString(10 * k));
        netns.exec(router, "ip", "-6", "route", "add", "default", "via", ispAddress6(k), "dev", wanDevice(k),
                "metric", Integer.toString(10 * k));
        String antiSpoof = "table inet isp {\n chain antispoof {\n  type filter hook forward priority filter; policy accept\n"
                + "  iifname \"down\" ip saddr != 198.51.100." + (64 * (k - 1)) + "/26 counter drop\n"
                + "  iifname \"down\" ip6 saddr != 2001:db8:" + k + "::/64 counter drop\n }\n}\n";
        netns.runner(isp).run(List.of("nft", "-f", "-"), antiSpoof).orThrow();
    }

    private void addr(String ns, String dev, String v4, String v6) {
        netns.exec(ns, "ip", "addr", "add", v4, "dev", dev);
        netns.exec(ns, "ip", "-6", "addr", "add", v6, "dev", dev, "nodad");
    }

    private void sysctl(String ns, String... settings) {
        for (String s : settings) {
            netns.exec(ns, "sysctl", "-qw", s);
        }
    }

    public Netns netns() {
        return netns;
    }

    public String lan() {
        return lan;
    }

    public String router() {
        return router;
    }

    public String inet() {
        return inet;
    }

    public String isp(int k) {
        return isps.get(k - 1);
    }

    public int wans() {
        return wans;
    }

    public Faults faults() {
        return new Faults(this);
    }

    @Override
    public void close() {
        netns.close();
    }
}
