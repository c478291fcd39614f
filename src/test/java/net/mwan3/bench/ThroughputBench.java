package net.mwan3.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.mwan3.kernel.CommandResult;
import net.mwan3.lab.Topology;

/**
 * B. Forwarded throughput (issue 3.9): one iperf3 TCP stream from the LAN client through the router
 * to the server in the internet namespace, with the planner's 1,000-rule ruleset applied and with
 * no {@code table inet mwan3} at all, runs alternating so drift on a shared machine hits both.
 */
public final class ThroughputBench {
    private static final int IPERF_PORT = 5201;

    private ThroughputBench() {
    }

    public static void main(String[] args) throws IOException {
        Bench b = Bench.from("B", args);
        Path logs = Files.createTempDirectory("mwan3-bench-tp");
        int seconds = b.quick ? 2 : 5;
        try (Topology topo = Topology.build("tp", 3)) {
            topo.netns().spawn(topo.inet(), logs.resolve("iperf3.log"), "iperf3", "-s", "-B", Topology.SERVER,
                    "-p", Integer.toString(IPERF_PORT));
            awaitListening(topo);
            PlannedRouter pr = new PlannedRouter(new ScaleConfig(3, 1000, 10, "0x3F00", Topology::wanDevice, null),
                    topo.router());
            List<Double> bare = new ArrayList<>();
            List<Double> ruled = new ArrayList<>();
            for (int i = 0; i < b.reps(5, 2); i++) {
                bare.add(iperf(topo, seconds));
                pr.apply();
                ruled.add(iperf(topo, seconds));
                pr.teardown();
            }
            double ours = Bench.median(ruled);
            double anchor = Bench.median(bare);
            b.row("TCP throughput LAN → internet, 1,000 rules applied", Bench.summary(ruled, "Gbit/s"),
                    Bench.summary(bare, "Gbit/s") + " (no table inet mwan3)",
                    Bench.fmt(100 * ours / anchor, "%"), "≥ 95 %", Row.verdict(ours >= 0.95 * anchor));
            b.note("Topology with 3 WANs (veth pairs, masquerade per WAN, ISP anti-spoofing), config of 3 interfaces, "
                    + "1,000 rules, 10 policies; the flow matches only the last rule (dest_ip 0.0.0.0/0). One iperf3 TCP "
                    + "stream, " + seconds + " s per run (first second omitted), runs alternating without/with the ruleset. "
                    + "Everything shares 2 cores with iperf3 itself, so this measures the forwarding path's CPU cost, "
                    + "not a line rate.");
        }
    }

    private static double iperf(Topology topo, int seconds) {
        CommandResult r = topo.netns().run(topo.lan(), "iperf3", "-c", Topology.SERVER, "-p",
                Integer.toString(IPERF_PORT), "-t", Integer.toString(seconds), "-O", "1", "-J");
        if (!r.ok()) {
            throw new IllegalStateException("iperf3 failed: " + r.stdout() + r.stderr());
        }
        try {
            JsonNode sum = new ObjectMapper().readTree(r.stdout()).path("end").path("sum_received");
            return sum.path("bits_per_second").asDouble() / 1e9;
        } catch (IOException e) {
            throw new IllegalStateException("unreadable iperf3 output: " + e.getMessage(), e);
        }
    }

    private static void awaitListening(Topology topo) {
        for (int i = 0; i < 100; i++) {
            if (!topo.netns().exec(topo.inet(), "ss", "-H", "-ltn", "sport = :" + IPERF_PORT).isBlank()) {
                return;
            }
            Bench.pause(50);
        }
        throw new IllegalStateException("iperf3 server did not start");
    }
}
