package net.mwan3.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import net.mwan3.lab.Netns;
import net.mwan3.lab.NetnsThread;
import net.mwan3.model.Family;
import net.mwan3.netlink.RouteMessages;
import net.mwan3.netlink.RuleMessages;
import net.mwan3.plan.IpRule;
import net.mwan3.plan.Route;
import net.mwan3.testing.NetnsSupport;

/**
 * The kernel contract against Linux in a fresh namespace: eth1 and eth2 are veth ends whose
 * peers sit in a second namespace, with main-table default routes of metric 10 and 20.
 */
class LinuxKernelIT extends KernelContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Netns lab;
    private String ns;
    private RecordingRunner runner;
    private Rtnetlink rtnl;
    private LinuxKernel kernel;

    @BeforeEach
    void buildNamespace() {
        NetnsSupport.assumeAvailable();
        lab = new Netns("kern");
        ns = lab.add("r");
        String isp = lab.add("isp");
        lab.veth(ns, "eth1", isp, "p1");
        lab.veth(ns, "eth2", isp, "p2");
        sh("ip addr add 198.51.100.2/26 dev eth1");
        sh("ip addr add 198.51.100.66/26 dev eth2");
        sh("ip -6 addr add 2001:db8:1::2/64 dev eth1 nodad");
        sh("ip route add default via 198.51.100.1 dev eth1 metric 10");
        sh("ip route add default via 198.51.100.65 dev eth2 metric 20");
        sh("ip -6 route add default via 2001:db8:1::1 dev eth1 metric 10");
        runner = new RecordingRunner(lab.runner(ns));
        rtnl = NetnsThread.call(ns, Rtnetlink::open);
        kernel = new LinuxKernel(rtnl, runner);
    }

    @AfterEach
    void removeNamespace() {
        if (kernel != null) {
            kernel.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    /** capget/capset, to open a socket without CAP_NET_ADMIN on one thread (capabilities are per thread). */
    public interface Caps {
        int capget(@jnr.ffi.annotations.In byte[] header, @jnr.ffi.annotations.Out byte[] data);

        int capset(@jnr.ffi.annotations.In byte[] header, @jnr.ffi.annotations.In byte[] data);
    }

    /**
     * A kernel that refuses for want of a capability: a thread without CAP_NET_ADMIN can dump but
     * not change. Every change of the batch fails with EPERM and names itself, and nothing changes
     * (the real-kernel side of DaemonTest's backoff on refusals).
     */
    @Test
    void changesRefusedWithEpermNameThemselvesAndChangeNothing() {
        String before = snapshot();
        List<KernelException> failures = NetnsThread.call(ns, () -> {
            Caps caps = jnr.ffi.LibraryLoader.create(Caps.class).load("c");
            byte[] header = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder())
                    .putInt(0x20080522).putInt(0).array();
            byte[] data = new byte[24];
            assertEquals(0, caps.capget(header, data));
            data[1] &= (byte) ~(1 << (12 - 8)); // CAP_NET_ADMIN = 12, in the first effective word
            assertEquals(0, caps.capset(header, data));
            try (Rtnetlink weak = Rtnetlink.open()) {
                assertTrue(weak.read().containsKey("eth1"), "dumps need no capability");
                List<Rtnetlink.Change> changes = new ArrayList<>();
                for (IpRule r : KernelFixtures.rules()) {
                    changes.add(new Rtnetlink.Change(new IpChanges.AddRule(r).command(), RuleMessages.add(r)));
                }
                Route route = KernelFixtures.routes().get(0);
                changes.add(new Rtnetlink.Change(new IpChanges.ReplaceRoute(route).command(),
                        RouteMessages.replace(route, weak::index)));
                return weak.apply(changes);
            }
        });
        assertEquals(KernelFixtures.rules().size() + 1, failures.size());
        assertTrue(failures.stream().allMatch(f -> f.errno() == 1
                && f.getMessage().contains("' failed: RTNETLINK answers: Operation not permitted")), failures.toString());
        assertTrue(failures.get(0).getMessage().startsWith("'ip -4 rule add pref 1001 iif eth1 lookup 1' failed"),
                failures.get(0).getMessage());
        assertEquals(before, snapshot());
    }

    private String sh(String command) {
        return lab.exec(ns, command.split(" "));
    }

    @Override
    protected Kernel kernel() {
        return kernel;
    }

    @Override
    protected int mutations() {
        return runner.mutations() + (int) rtnl.changesSent();
    }

    @Override
    protected void deleteRuleBehindBack(IpRule rule) {
        sh((rule.family() == Family.IPV4 ? "ip -4" : "ip -6") + " rule del " + rule.args());
    }

    @Override
    protected void addStrayRuleBehindBack(Family family, int pref) {
        sh("ip -4 rule add pref " + pref + " from 192.0.2.0/24 lookup 1");
    }

    @Override
    protected void deleteRouteBehindBack(Route route) {
        sh((route.family() == Family.IPV4 ? "ip -4" : "ip -6") + " route del " + route.args());
    }

    @Override
    protected void flushChainBehindBack(String chain) {
        sh("nft flush chain inet mwan3 " + chain);
    }

    @Override
    protected void addElementBehindBack(String set, String element) {
        lab.exec(ns, "nft", "add", "element", "inet", "mwan3", set, "{ " + element + " }");
    }

    @Override
    protected void addLeftoverBehindBack(IpRule rule, Route route) {
        sh((rule.family() == Family.IPV4 ? "ip -4" : "ip -6") + " rule add " + rule.args());
        if (route != null) {
            sh((route.family() == Family.IPV4 ? "ip -4" : "ip -6") + " route add " + route.args());
        }
    }

    @Override
    protected void addForeignObjects() {
        sh("ip rule add pref 1500 from 192.0.2.0/24 lookup 100");
        sh("ip rule add pref 1003 from 192.0.2.0/24 iif eth2 lookup 3");
        sh("ip rule add pref 2003 fwmark 0x300/0x3f00 lookup 7");
        sh("ip rule add pref 2001 fwmark 0x100/0xff00 lookup 50");
        for (int table : new int[] {100, 3, 7, 50}) {
            sh("ip route add unreachable 203.0.113.0/24 table " + table);
        }
        lab.runner(ns).run(List.of("nft", "-f", "-"), "add table inet fw4\n"
                + "add chain inet fw4 input { type filter hook input priority filter; policy accept; }\n"
                + "add rule inet fw4 input iifname \"eth1\" accept\n"
                + "add table inet user\nadd set inet user blocked { type ipv4_addr; }\n"
                + "add element inet user blocked { 192.0.2.66 }\n").orThrow();
    }

    @Override
    protected String foreignObjects() {
        StringBuilder sb = new StringBuilder();
        for (String table : new String[] {"100", "3", "7", "50"}) {
            sb.append(sh("ip rule show table " + table)).append(sh("ip route show table " + table));
        }
        return sb + sh("nft list table inet fw4") + sh("nft list table inet user");
    }

    @Override
    protected String snapshot() {
        return sh("ip -4 rule") + sh("ip -6 rule") + sh("ip -4 route show table all") + sh("ip -6 route show table all")
                + sh("nft list ruleset");
    }

    @Override
    protected List<String> chainRules(String chain) {
        List<String> rules = new ArrayList<>();
        for (String line : sh("nft list chain inet mwan3 " + chain).lines().map(String::strip).toList()) {
            if (!line.isEmpty() && !line.startsWith("table ") && !line.startsWith("chain ") && !line.equals("}")
                    && !line.startsWith("type ")) {
                rules.add(line);
            }
        }
        return rules;
    }

    @Override
    protected List<String> setElements(String set) {
        try {
            CommandResult asSet = lab.run(ns, "nft", "-j", "list", "set", "inet", "mwan3", set);
            String listing = asSet.ok() ? asSet.stdout() : sh("nft -j list map inet mwan3 " + set);
            JsonNode root = JSON.readTree(listing);
            List<String> out = new ArrayList<>();
            for (JsonNode item : root.path("nftables")) {
                JsonNode s = item.has("set") ? item.get("set") : item.get("map");
                if (s != null) {
                    s.path("elem").forEach(e -> out.add(element(e)));
                }
            }
            return out;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String element(JsonNode e) {
        if (e.isArray()) {
            return element(e.get(0)) + " : " + e.get(1).asText();
        }
        if (e.has("elem")) {
            return element(e.get("elem").get("val"));
        }
        if (e.has("prefix")) {
            return e.get("prefix").get("addr").asText() + "/" + e.get("prefix").get("len").asText();
        }
        return e.asText();
    }
}
