package net.mwan3.tunnel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * iperf3 runs in the lab (client in one namespace, against a server started in another) and the figures the
 * tunnel goals are stated in, read from {@code iperf3 -J}.
 *
 * @param bitsPerSecond receiver-side goodput (TCP) or received rate (UDP)
 * @param lostPercent   UDP only: datagrams lost, from the receiver's sequence numbers
 * @param packets       UDP only: datagrams sent
 * @param intervalBytes bytes per reporting interval (1 s), to see where a stream stalled
 */
public record Iperf(double bitsPerSecond, double lostPercent, long packets, long retransmits, List<Long> intervalBytes) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Starts {@code iperf3 -s} in {@code ns} (killed with the lab). */
    public static void server(TunnelLab lab, String ns) {
        lab.netns.spawn(ns, lab.dir.resolve("iperf3-" + ns + ".log"), "iperf3", "-s", "-i", "0");
    }

    /** Runs {@code iperf3 -c target -J} with {@code extra} options in {@code ns} and returns its figures. */
    public static Iperf run(String ns, String target, int seconds, String... extra) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns, "iperf3", "-c", target, "-J", "-t",
                Integer.toString(seconds)));
        argv.addAll(List.of(extra));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        JsonNode root = JSON.readTree(out);
        if (root.has("error")) {
            throw new AssertionError("iperf3 " + argv + ": " + root.get("error").asText());
        }
        JsonNode end = root.path("end");
        List<Long> intervals = new ArrayList<>();
        root.path("intervals").forEach(i -> intervals.add(i.path("sum").path("bytes").asLong()));
        if (end.has("sum_received") && !end.has("sum")) {
            return new Iperf(end.path("sum_received").path("bits_per_second").asDouble(), 0, 0,
                    end.path("sum_sent").path("retransmits").asLong(), intervals);
        }
        JsonNode sum = end.path("sum");
        return new Iperf(sum.path("bits_per_second").asDouble(), sum.path("lost_percent").asDouble(),
                sum.path("packets").asLong(), 0, intervals);
    }

    public double mbit() {
        return bitsPerSecond / 1e6;
    }
}
