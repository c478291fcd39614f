package net.mwan3.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import net.mwan3.lab.LabJava;
import net.mwan3.lab.LabRouter;
import net.mwan3.lab.Topology;
import net.mwan3.lab.UdpFlow;
import net.mwan3.testing.ExecTrace;
import net.mwan3.testing.NetnsSupport;

/**
 * The real daemon in a namespace router with three WANs, faults injected upstream: blackhole (link
 * stays up), carrier loss, ICMP-dropping targets. A long-lived UDP flow with a fixed 5-tuple must
 * move to a live WAN after a failure (per-interface conntrack flush). Timings are printed, not
 * asserted; the benchmark owns the numbers. The processes the daemon starts are counted too.
 */
class FailoverIT {
    private static Topology topo;
    private static Path work;
    private LabRouter router;

    /** wan1 preferred, wan2 then wan3 as backups; fast tracking. */
    static String config(String trackMethod, String extra) {
        StringBuilder sb = new StringBuilder("config globals 'globals'\n\toption mmx_mask '0x3F00'\n");
        for (int k = 1; k <= 3; k++) {
            sb.append("config interface 'wan").append(k).append("'\n\toption enabled '1'\n\toption device 'eth")
                    .append(k).append("'\n\tlist track_ip '").append(Topology.target(1)).append("'\n\tlist track_ip '")
                    .append(Topology.target(2)).append("'\n\toption track_method '").append(trackMethod)
                    .append("'\n\toption track_port '8080'\n\toption interval '0.2'\n\toption timeout '0.2'\n")
                    .append("\toption up '3'\n\toption down '3'\n");
            sb.append("config member 'm").append(k).append("'\n\toption interface 'wan").append(k)
                    .append("'\n\toption metric '").append(k).append("'\n");
        }
        sb.append("config policy 'failover'\n\tlist use_member 'm1'\n\tlist use_member 'm2'\n\tlist use_member 'm3'\n");
        sb.append("config rule 'all'\n\toption dest_ip '0.0.0.0/0'\n\toption use_policy 'failover'\n");
        return sb.append(extra).toString();
    }

    @BeforeAll
    static void network() throws IOException {
        NetnsSupport.assumeAvailable();
        work = Files.createTempDirectory("mwan3-failover");
        topo = Topology.build("fo", 3);
        LabJava java = new LabJava(topo.netns(), work);
        java.echoServer(topo.inet(), Topology.SERVER, Topology.SERVER_PORT);
    }

    @AfterAll
    static void teardown() throws IOException {
        if (topo != null) {
            topo.close();
        }
        NetnsSupport.deleteTree(work);
    }

    @AfterEach
    void stopDaemon() {
        if (router != null) {
            router.close();
        }
        for (int k = 1; k <= 3; k++) {
            topo.faults().clear(k);
            topo.faults().carrier(k, true);
        }
        topo.netns().run(topo.inet(), "nft", "delete", "table", "inet", "targets");
    }

    private LabRouter start(String uci) throws IOException {
        router = new LabRouter(topo, uci, Files.createTempDirectory(work, "run"));
        await("all three WANs online", () -> router.status("interfaces").split("is online", -1).length == 4);
        return router;
    }

    private void await(String what, BooleanSupplier cond) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (cond.getAsBoolean()) {
                return;
            }
            pause(50);
        }
        throw new AssertionError("timed out: " + what + "\n" + router.status("status") + "\nlog:\n" + router.log());
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private UdpFlow flowOn(String wanAddress) {
        UdpFlow flow = new UdpFlow(topo.lan(), Topology.LAN_CLIENT, 40000 + (int) (System.nanoTime() % 1000),
                Topology.SERVER, Topology.SERVER_PORT, 10);
        try {
            await("UDP flow running via " + wanAddress, () -> flow.last() != null
                    && flow.last().seenAs().equals(wanAddress));
        } catch (AssertionError e) {
            flow.close();
            throw new AssertionError("last reply of the flow: " + flow.last() + "\n" + e.getMessage(), e);
        }
        return flow;
    }

    @Test
    void blackholedWanGoesOfflineAndItsUdpFlowMovesThenTrafficFailsBack() throws IOException {
        start(config("ping", ""));
        try (UdpFlow flow = flowOn(Topology.wanAddress(1))) {
            long fault = System.nanoTime();
            topo.faults().blackhole(1);
            await("flow moved to wan2", () -> flow.firstVia(Topology.wanAddress(2), fault) != null);
            UdpFlow.Reply moved = flow.firstVia(Topology.wanAddress(2), fault);
            System.out.printf("blackhole failover: first packet via wan2 after %d ms%n",
                    (moved.nanos() - fault) / 1_000_000);
            assertTrue(router.status("interfaces").contains("interface wan1 is offline"));
            assertTrue(router.events().stream().anyMatch(e -> e.endsWith("disconnected wan1 eth1")), router.events()::toString);
            topo.faults().clear(1);
            await("wan1 back online", () -> router.status("interfaces").contains("interface wan1 is online"));
            List<String> fresh = new LabJava(topo.netns(), work).flows(topo.lan(), Topology.SERVER,
                    Topology.SERVER_PORT, 5, null);
            assertEquals(List.of(Topology.wanAddress(1)), fresh.stream().distinct().toList(), "new flows fail back");
        }
    }

    @Test
    void carrierLossIsAnImmediateIfdown() throws IOException {
        start(config("ping", ""));
        try (UdpFlow flow = flowOn(Topology.wanAddress(1))) {
            long fault = System.nanoTime();
            topo.faults().carrier(1, false);
            await("flow moved to wan2", () -> flow.firstVia(Topology.wanAddress(2), fault) != null);
            System.out.printf("carrier-loss failover: first packet via wan2 after %d ms%n",
                    (flow.firstVia(Topology.wanAddress(2), fault).nanos() - fault) / 1_000_000);
            assertTrue(router.events().stream().anyMatch(e -> e.contains(" ifdown wan1")), router.events()::toString);
            String ifaces = router.status("interfaces");
            assertTrue(ifaces.contains("interface wan1 is disabled") || ifaces.contains("(31)"), ifaces);
            topo.faults().carrier(1, true);
            await("wan1 back", () -> router.status("interfaces").contains("interface wan1 is online"));
        }
    }

    /**
     * Processes the daemon starts, counted by {@link ExecTrace} (strace on every thread of its JVM):
     * none at all in steady state (three WANs, two targets each, probed every second) or through a
     * carrier flap of one WAN (ifdown, nft transaction, conntrack flush, ifup): ip, conntrack and
     * nftables all run in process. The user's alert script runs once per event, by design.
     * {@code mwan3 internal}, which does run ip, first proves the tracing sees the daemon's commands.
     */
    @Test
    void noProcessInSteadyStateOrThroughACarrierFlap() throws IOException {
        start(config("ping", "").replace("option interval '0.2'", "option interval '1'")
                .replace("option timeout '0.2'", "option timeout '1'"));
        try (ExecTrace trace = ExecTrace.ofJvmIn(topo.router(), Files.createTempDirectory(work, "execve"))) {
            assertEquals(0, router.call("internal").exitCode());
            await("strace saw the ip of 'mwan3 internal'", () -> trace.count(0, ExecTrace.now()).containsKey("ip"));
            pause(1000);
            double start = ExecTrace.now();
            pause(15_000);
            double steadyEnd = ExecTrace.now();
            try (UdpFlow flow = flowOn(Topology.wanAddress(1))) {
                long fault = System.nanoTime();
                topo.faults().carrier(1, false);
                await("flow moved off wan1", () -> flow.firstVia(Topology.wanAddress(2), fault) != null);
                topo.faults().carrier(1, true);
                await("wan1 back online", () -> router.status("interfaces").contains("interface wan1 is online"));
            }
            pause(200);
            Map<String, Integer> steady = trace.count(start, steadyEnd);
            Map<String, Integer> flap = trace.count(steadyEnd, ExecTrace.now());
            System.out.printf("processes started by mwan3d: steady state (15 s) %s, carrier flap of wan1 %s%n",
                    steady, flap);
            assertTrue(router.log().contains("interface wan1 ifdown: deleted"), "the flush deleted wan1's flow:\n"
                    + router.log());
            assertTrue(router.log().contains("nftables: libnftables"), "the daemon runs nftables in process:\n"
                    + router.log());
            assertEquals(Map.of(), steady, () -> "steady state: " + trace.commands());
            assertEquals(Map.of(), without(flap, Set.of(ExecTrace.ALERT_SCRIPT)), () -> "carrier flap: " + trace.commands());
        }
    }

    @SafeVarargs
    private static Map<String, Integer> without(Map<String, Integer> counts, Set<String>... names) {
        Map<String, Integer> out = new java.util.TreeMap<>(counts);
        for (Set<String> n : names) {
            out.keySet().removeAll(n);
        }
        return out;
    }

    @Test
    void tcpTrackingSurvivesTargetsThatDropIcmp() throws IOException {
        start(config("nping-tcp", ""));
        topo.netns().runner(topo.inet()).run(List.of("nft", "-f", "-"),
                "table inet targets {\n chain in {\n  type filter hook input priority 0; policy accept\n"
                        + "  meta l4proto icmp drop\n }\n}\n").orThrow();
        pause(3000);
        String ifaces = router.status("interfaces");
        assertEquals(4, ifaces.split("is online", -1).length, "TCP probes still answered:\n" + ifaces);
    }

    @Test
    void pingTrackingNoticesTargetsThatDropIcmp() throws IOException {
        start(config("ping", ""));
        topo.netns().runner(topo.inet()).run(List.of("nft", "-f", "-"),
                "table inet targets {\n chain in {\n  type filter hook input priority 0; policy accept\n"
                        + "  meta l4proto icmp drop\n }\n}\n").orThrow();
        await("all offline", () -> router.status("interfaces").split("is offline", -1).length == 4);
    }

    @Test
    void reloadWithABrokenConfigKeepsRoutingAndAGoodOneApplies() throws IOException {
        start(config("ping", ""));
        String rulesBefore = topo.netns().exec(topo.router(), "ip", "rule");
        router.writeConfig("config interface 'wan1'\n\toption enabled 'maybe'\n");
        Reply r = router.call("reload");
        assertEquals(1, r.exitCode());
        assertTrue(r.text().contains("option 'enabled'") && r.text().contains("refused"), r.text());
        assertEquals(rulesBefore, topo.netns().exec(topo.router(), "ip", "rule"));
        router.writeConfig(config("ping", "").replace("list use_member 'm1'\n", ""));
        assertEquals(0, router.call("reload").exitCode());
        await("wan2 preferred now", () -> router.status("policies").contains("failover:\n wan2 (100%)"));
    }

    @Test
    void killMinusNineThenRestartConvergesWithoutDuplicatesAndStopCleansUp() throws IOException {
        String rulesBefore = topo.netns().exec(topo.router(), "ip", "rule");
        String tablesBefore = topo.netns().exec(topo.router(), "nft", "list", "tables");
        start(config("ping", ""));
        String rulesRunning = topo.netns().exec(topo.router(), "ip", "rule");
        String firstLog = router.log();
        router.kill();
        start(config("ping", ""));
        assertEquals(rulesRunning, topo.netns().exec(topo.router(), "ip", "rule"), () -> "no duplicate rules; the first "
                + "daemon's log:\n" + firstLog);
        assertEquals(0, router.stop());
        assertEquals(rulesBefore, topo.netns().exec(topo.router(), "ip", "rule"));
        assertEquals(tablesBefore, topo.netns().exec(topo.router(), "nft", "list", "tables"));
        assertNotNull(rulesRunning);
    }
}
