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
 * peers sit in a second namespace, with main-table default routes of metric 10 and 20. nftables
 * runs in process through libnftables here (its context made on a thread inside the namespace);
 * {@link LinuxKernelNftBinaryIT} runs the same cases with the nft binary.
 */
class LinuxKernelIT extends KernelContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Netns lab;
    private String ns;
    /** Runs the nft binary when that engine is asked for: every process the adapter starts. */
    private RecordingRunner runner;
    private Rtnetlink rtnl;
    private CountingNft nft;
    private LinuxKernel kernel;

    /** The {@value Nft#ENGINE_PROPERTY} this class asks for: {@code library} never falls back to the binary. */
    protected String engine() {
        return "library";
    }

    /** nft transactions, counted as mutations beside the netlink changes. */
    static final class CountingNft implements Nft {
        final Nft engine;
        private final java.util.concurrent.atomic.AtomicInteger applies = new java.util.concurrent.atomic.AtomicInteger();

        CountingNft(Nft engine) {
            this.engine = engine;
        }

        @Override
        public CommandResult apply(String script) {
            applies.incrementAndGet();
            return engine.apply(script);
        }

        @Override
        public CommandResult list(boolean json, String... object) {
            return engine.list(json, object);
        }

        @Override
        public String describe() {
            return engine.describe();
        }

        @Override
        public boolean inProcess() {
            return engine.inProcess();
        }

        @Override
        public void close() {
            engine.close();
        }
    }

    /** Opens the engine {@link #engine()} names, as the daemon does: through the system property. */
    private Nft open() {
        String before = System.getProperty(Nft.ENGINE_PROPERTY);
        System.setProperty(Nft.ENGINE_PROPERTY, engine());
        try {
            return Nft.open(runner, NetnsThread.factory(ns, "nft"));
        } finally {
            if (before == null) {
                System.clearProperty(Nft.ENGINE_PROPERTY);
            } else {
                System.setProperty(Nft.ENGINE_PROPERTY, before);
            }
        }
    }

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
        nft = new CountingNft(open());
        kernel = new LinuxKernel(rtnl, nft);
    }

    @Test
    void usesTheEngineAskedFor() {
        assertEquals(engine().equals("library"), nft.inProcess(), nft.describe());
        assertTrue(nft.describe().startsWith(engine().equals("library") ? "libnftables 1." : "nft binary"),
                nft.describe());
        kernel.reconcile(KernelFixtures.desired(), KernelFixtures.OWNERSHIP).orThrow();
        assertEquals(engine().equals("library"), runner.commands().isEmpty(), runner.commands().toString());
    }

    /** An nft error names the script line that failed, whichever engine ran it. */
    @Test
    void aRefusedTransactionNamesTheLineThatFailed() {
        CommandResult r = nft.apply("add table inet mwan3\nadd chain inet mwan3 c\nadd rule inet mwan3 c jump nosuch\n");
        assertEquals(1, r.exitCode());
        String message = new KernelException(r).getMessage();
        assertTrue(message.matches("(?s).*:3:\\d+-\\d+: Error: Could not process rule: No such file or directory\n"
                + "add rule inet mwan3 c jump nosuch\n.*\\^+.*"), message);
        assertTrue(sh("nft list tables").isBlank(), "nothing of a refused transaction stays");
    }

    /** The engine serves the reconciling thread and the control threads at once. */
    @Test
    void concurrentCallersEachGetTheirOwnAnswer() throws Exception {
        kernel.reconcile(KernelFixtures.desired(), KernelFixtures.OWNERSHIP).orThrow();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<String>> answers = new ArrayList<>();
            for (int k = 0; k < 60; k++) {
                int n = k;
                answers.add(pool.submit(() -> n % 3 == 0
                        ? nft.apply("add table inet mwan3_t" + n + "\ndelete table inet mwan3_t" + n + "\n").exitCode() + ""
                        : nft.list(n % 3 == 1, "chain", "inet", "mwan3", "mwan3_rules").stdout()));
            }
            for (int k = 0; k < answers.size(); k++) {
                String a = answers.get(k).get();
                switch (k % 3) {
                    case 0 -> assertEquals("0", a);
                    case 1 -> assertTrue(a.startsWith("{\"nftables\"") && a.contains("\"mwan3_rules\""), a);
                    default -> assertTrue(a.startsWith("table inet mwan3 {") && a.contains("chain mwan3_rules"), a);
                }
            }
        } finally {
            pool.shutdown();
        }
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
        return nft.applies.get() + (int) rtnl.changesSent();
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
    protected void replaceFirstRuleBehindBack(String chain, String rule) {
        String listing = sh("nft -a list chain inet mwan3 " + chain);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("# handle (\\d+)").matcher(
                listing.substring(listing.indexOf('\n', listing.indexOf("chain " + chain))));
        assertTrue(m.find(), listing);
        lab.exec(ns, "nft", "replace rule inet mwan3 " + chain + " handle " + m.group(1) + " " + rule);
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
