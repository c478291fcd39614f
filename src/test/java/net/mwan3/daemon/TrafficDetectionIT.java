package net.mwan3.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import net.mwan3.lab.LabJava;
import net.mwan3.lab.LabRouter;
import net.mwan3.lab.Topology;
import net.mwan3.lab.UdpFlow;
import net.mwan3.testing.NetnsSupport;

/**
 * Traffic-triggered detection with mwan3's default timing (interval 10, timeout 4, down 5, up 5), the
 * real daemon in a namespace router with two WANs: a blackholed WAN carrying a UDP flow goes offline
 * through a burst (long before rounds could take it down); without traffic nothing bursts; 30 % loss
 * with traffic takes nothing offline; in steady state the probes on the wire are plain tracking's.
 * Functional assertions only; bench I owns the timings.
 */
class TrafficDetectionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PACKETS = Pattern.compile("\"packets\":\\s*(\\d+)");
    private static Topology topo;
    private static Path work;
    private LabRouter router;

    /** wan1 preferred, wan2 its backup; mwan3's default timing; {@code extra} goes into wan1's section. */
    static String config(String wan1Extra) {
        StringBuilder sb = new StringBuilder("config globals 'globals'\n\toption mmx_mask '0x3F00'\n");
        for (int k = 1; k <= 2; k++) {
            sb.append("config interface 'wan").append(k).append("'\n\toption enabled '1'\n\toption device 'eth")
                    .append(k).append("'\n\tlist track_ip '").append(Topology.target(1)).append("'\n\tlist track_ip '")
                    .append(Topology.target(2)).append("'\n\toption interval '10'\n\toption timeout '4'\n")
                    .append("\toption up '5'\n\toption down '5'\n").append(k == 1 ? wan1Extra : "");
            sb.append("config member 'm").append(k).append("'\n\toption interface 'wan").append(k)
                    .append("'\n\toption metric '").append(k).append("'\n");
        }
        sb.append("config policy 'failover'\n\tlist use_member 'm1'\n\tlist use_member 'm2'\n");
        return sb.append("config rule 'all'\n\toption dest_ip '0.0.0.0/0'\n\toption use_policy 'failover'\n").toString();
    }

    @BeforeAll
    static void network() throws IOException {
        NetnsSupport.assumeAvailable();
        work = Files.createTempDirectory("mwan3-traffic");
        topo = Topology.build("td", 2);
        new LabJava(topo.netns(), work).echoServer(topo.inet(), Topology.SERVER, Topology.SERVER_PORT);
        // Echo requests wan1 forwards to the targets, counted before any fault drops them.
        topo.netns().runner(topo.isp(1)).run(List.of("nft", "-f", "-"), "table inet probes {\n chain count {\n"
                + "  type filter hook forward priority -20; policy accept\n"
                + "  iifname \"down\" icmp type echo-request counter\n }\n}\n").orThrow();
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
        for (int k = 1; k <= 2; k++) {
            topo.faults().clear(k);
        }
    }

    private void start(String uci) throws IOException {
        router = new LabRouter(topo, uci, Files.createTempDirectory(work, "run"));
        await("both WANs online", () -> router.status("interfaces").split("is online", -1).length == 3, 20);
    }

    private void await(String what, BooleanSupplier cond, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
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

    private UdpFlow flowOnWan1() {
        UdpFlow flow = new UdpFlow(topo.lan(), Topology.LAN_CLIENT, 41000 + (int) (System.nanoTime() % 1000),
                Topology.SERVER, Topology.SERVER_PORT, 10);
        await("UDP flow running via wan1", () -> flow.last() != null
                && flow.last().seenAs().equals(Topology.wanAddress(1)), 20);
        return flow;
    }

    /** wan1's traffic_detection object of {@code status --json}. */
    private JsonNode traffic() {
        try {
            return JSON.readTree(router.call("status", "--json", "interfaces", "wan1").text())
                    .path("interfaces").path("wan1").path("traffic_detection");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private long counter(String ns, String table) {
        String json = topo.netns().exec(ns, "nft", "-j", "list", "table", "inet", table);
        Matcher m = PACKETS.matcher(json);
        long sum = 0;
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
        }
        return sum;
    }

    @Test
    void blackholeUnderTrafficGoesOfflineThroughABurst() throws IOException {
        start(config(""));
        try (UdpFlow flow = flowOnWan1()) {
            long fault = System.nanoTime();
            topo.faults().blackhole(1);
            await("flow moved to wan2", () -> flow.firstVia(Topology.wanAddress(2), fault) != null, 20);
            System.out.printf("traffic detection: first packet via wan2 after %d ms%n",
                    (flow.firstVia(Topology.wanAddress(2), fault).nanos() - fault) / 1_000_000);
            assertTrue(counter(topo.isp(1), "lab_fault") > 0, "the blackhole dropped packets");
            assertTrue(router.status("interfaces").contains("interface wan1 is offline"), router.status("interfaces"));
            JsonNode t = traffic();
            assertEquals(1, t.path("bursts_confirmed").asLong(), t.toString());
            assertTrue(t.path("last_burst").asText().startsWith("confirmed: no reply to"), t.toString());
            String log = router.log();
            assertTrue(log.contains("interface wan1: disconnecting") && log.contains("interface wan1: disconnected")
                    && log.indexOf("interface wan1: disconnecting") < log.indexOf("interface wan1: disconnected"),
                    "both events of the failed rounds, in order:\n" + log);
            // Fired together, the user script's lane may drop the waiting disconnecting for disconnected.
            assertTrue(router.events().stream().anyMatch(e -> e.contains(" disconnected wan1 ")),
                    router.events()::toString);
            assertTrue(log.contains("burst confirmed"), log);
        }
    }

    @Test
    void noTrafficNoBurst() throws IOException {
        start(config(""));
        topo.faults().blackhole(1);
        pause(15_000); // a round and a half: its probes fail, nothing of the LAN's goes out
        assertTrue(counter(topo.isp(1), "lab_fault") > 0, "the blackhole dropped the probes");
        JsonNode t = traffic();
        assertEquals(0, t.path("bursts_started").asLong(), t.toString());
        String status = router.status("interfaces");
        assertFalse(status.contains("interface wan1 is offline"), "rounds alone cannot take it down yet: " + status);
    }

    @Test
    void thirtyPercentLossWithTrafficTakesNothingOffline() throws IOException {
        start(config(""));
        try (UdpFlow flow = flowOnWan1()) {
            topo.faults().loss(1, 30);
            pause(30_000);
            assertTrue(counter(topo.isp(1), "lab_fault") > 0, "the loss dropped packets");
            JsonNode t = traffic();
            assertEquals(0, t.path("bursts_confirmed").asLong(), t.toString());
            assertFalse(router.events().stream().anyMatch(e -> e.contains(" disconnected wan1 ")),
                    router.events()::toString);
            // A lost round may leave it disconnecting for a while, as plain tracking does under 30 % loss
            // (bench I counts those episodes); offline it must not be.
            String status = router.status("interfaces");
            assertFalse(status.contains("interface wan1 is offline"), status);
        }
    }

    @Test
    void steadyStateProbesAreThoseOfPlainTracking() throws IOException {
        long[] counts = new long[2];
        String[] extras = {"", "\toption traffic_detection '0'\n"};
        for (int run = 0; run < 2; run++) {
            start(config(extras[run]));
            try (UdpFlow flow = flowOnWan1()) {
                long before = counter(topo.isp(1), "probes");
                pause(25_000);
                counts[run] = counter(topo.isp(1), "probes") - before;
                if (run == 0) {
                    assertEquals(0, traffic().path("bursts_started").asLong(), traffic().toString());
                } else {
                    assertTrue(traffic().isMissingNode(), "traffic_detection 0: not watched");
                }
            }
            router.close();
            router = null;
        }
        System.out.printf("probe packets in 25 s: %d with traffic detection, %d without%n", counts[0], counts[1]);
        assertTrue(Math.abs(counts[0] - counts[1]) <= 2, "at most one round (two targets) apart: " + counts[0]
                + " vs " + counts[1]);
    }
}
