package net.mwan3.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import net.mwan3.tunnel.DelayedPaths;
import net.mwan3.tunnel.Iperf;
import net.mwan3.tunnel.PathDelay;
import net.mwan3.tunnel.TunnelLab;

/**
 * The tunnel's figures (reference §4: T1 T3 T4 T5 T8 T9 here, T2 T6 T7 T10–T13 in {@link TunnelFaultBench})
 * beside the single-link baseline measured in the same run, in the {@link TunnelLab} namespaces, printed as a
 * markdown section. One run per figure except T4/T5 and T9's CPU (the median of three): the lab takes minutes
 * already. Needs root, iperf3 and the test classpath ({@code bench/run} runs it):
 * {@code java -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" net.mwan3.bench.TunnelBench}
 * ({@code --latency-only}: T8 and T9 alone). Both ends run wireguard-go (TunnelLab); the relay's figures include
 * WireGuard's cost.
 */
public final class TunnelBench {
    private static final long CLK_TCK = 100;
    /**
     * T3 compares two p99s, and the relay in this JVM has a tail of its own (its delay lines and the collector
     * pause every packet in flight): with 300 samples a p99 is the third largest and swings by ±5 ms.
     */
    private static final int T3_PINGS = 1000;
    private final StringBuilder md = new StringBuilder();

    public static void main(String[] args) throws Exception {
        TunnelBench b = new TunnelBench();
        b.md.append("## Multipath tunnel\n\nOne run each (T4, T5 and T9's CPU: the median of three), 2-core lab machine,"
                + " iperf3 co-located. ")
                .append("Links shaped with htb (pfifo 50), loss with nft numgen (T1: both directions). Both ends run wireguard-go;"
                        + " the CPU figures are the relay JVM's alone, WireGuard's own comes on top.\n\n")
                .append("| # | Figure | Tunnel | Baseline (same run) | Goal |\n|---|---|---|---|---|\n");
        if (List.of(args).contains("--aggregate-delay-only")) {
            b.aggregateDelayed();
            System.out.print(b.md);
            return;
        }
        if (!List.of(args).contains("--latency-only")) {
            b.loss();
            b.aggregate(50, 50, "T4");
            b.aggregate(80, 20, "T5");
            b.aggregateDelayed();
            b.redundantLatency();
        }
        b.latencyAndCpu();
        if (!List.of(args).contains("--latency-only")) {
            new TunnelFaultBench(b::row).run();
        }
        System.out.print(b.md);
    }

    private void row(String id, String figure, String tunnel, String baseline, String goal) {
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", id, figure, tunnel, baseline, goal));
    }

    private void loss() throws Exception {
        try (TunnelLab lab = new TunnelLab("redundant")) {
            lab.start();
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up");
            Iperf.server(lab, lab.srv);
            lab.lossBothWays("p1", 20);
            lab.lossBothWays("p2", 30);
            int pings = 2000;
            List<Double> rtts = lab.pingRtts("192.0.2.2", pings);
            double lost = 100.0 * (pings - rtts.size()) / pings;
            double oneWay = 0.2 * 0.3;
            double product = 100 * (1 - (1 - oneWay) * (1 - oneWay));
            row("T1", "redundant round-trip loss, 20 % + 30 % both ways (ping -i 0.01, " + pings + ")",
                    pct(lost) + String.format(Locale.ROOT, " = %.2fx the product", lost / product),
                    pct(product) + " (the product, round trip)", "≤ 1.2x the product");
        }
    }

    private void aggregate(int a, int b, String id) throws Exception {
        try (TunnelLab lab = new TunnelLab("aggregate")) {
            lab.startShaped(a, b);
            Iperf first = Iperf.run(lab.cli, "198.18.1.2", 6);
            Iperf second = Iperf.run(lab.cli, "198.18.2.2", 6);
            double[] runs = new double[3];
            for (int i = 0; i < runs.length; i++) {
                runs[i] = Iperf.run(lab.cli, "192.0.2.2", 12, "-O", "4").mbit();
            }
            java.util.Arrays.sort(runs);
            double median = runs[1];
            double sum = first.mbit() + second.mbit();
            double best = Math.max(first.mbit(), second.mbit());
            row(id, "aggregate TCP, " + a + " + " + b + " Mbit (median of 3, min–max)", mbit(median)
                    + String.format(Locale.ROOT, " (%.1f–%.1f) = %.0f %% of sum (min %.0f %%), %.2fx best", runs[0],
                            runs[2], 100 * median / sum, 100 * runs[0] / sum, median / best),
                    mbit(first.mbit()) + " + " + mbit(second.mbit()) + " raw",
                    "≥ 90 % of sum in every run, never below the best link");
        }
    }

    /**
     * T5 with delays: aggregate over 50 + 50 Mbit with path 1 +20 ms and path 2 +50 ms one way (the UDP delay relay,
     * {@link DelayedPaths}, on the tunnel's datagrams only); the baseline is the raw links without the delay.
     */
    private void aggregateDelayed() throws Exception {
        try (TunnelLab lab = new TunnelLab("aggregate");
             DelayedPaths paths = new DelayedPaths(lab, PathDelay.millis(20, 1), PathDelay.millis(50, 1))) {
            lab.startShaped(50, 50);
            Iperf first = Iperf.run(lab.cli, "198.18.1.2", 6);
            Iperf second = Iperf.run(lab.cli, "198.18.2.2", 6);
            List<Double> ok = new java.util.ArrayList<>();
            StringBuilder failed = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                try {
                    ok.add(Iperf.run(lab.cli, "192.0.2.2", 12, "-O", "4").mbit());
                } catch (AssertionError e) { // iperf3's control connection, not a figure: say so, keep the others
                    failed.append("; a run failed: ").append(e.getMessage(), 0, Math.min(120, e.getMessage().length()));
                    Thread.sleep(2000);
                }
            }
            if (ok.isEmpty()) {
                row("T5", "aggregate TCP, 50 + 50 Mbit, path 1 +20 ms, path 2 +50 ms", "no run completed" + failed,
                        "-", "≥ 80 % of sum");
                return;
            }
            java.util.Collections.sort(ok);
            double sum = first.mbit() + second.mbit();
            double median = ok.get(ok.size() / 2);
            row("T5", "aggregate TCP, 50 + 50 Mbit, path 1 +20 ms, path 2 +50 ms (median of " + ok.size() + ", min–max)",
                    mbit(median) + String.format(Locale.ROOT, " (%.1f–%.1f) = %.0f %% of sum (min %.0f %%)", ok.get(0),
                            ok.get(ok.size() - 1), 100 * median / sum, 100 * ok.get(0) / sum) + failed,
                    mbit(first.mbit()) + " + " + mbit(second.mbit()) + " raw, undelayed", "≥ 80 % of sum");
        }
    }

    /**
     * T3: redundant over path 1 +20 ms and path 2 +50 ms one-way ± 1 ms (the UDP delay relay, {@link DelayedPaths}),
     * then the delays swapped while running. Baseline: each path's raw RTT by UDP echo through the same relay path,
     * measured at the same time as the tunnel ping.
     */
    private void redundantLatency() throws Exception {
        try (TunnelLab lab = new TunnelLab("redundant");
             DelayedPaths paths = new DelayedPaths(lab, PathDelay.millis(20, 1), PathDelay.millis(50, 1))) {
            lab.start();
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up");
            Iperf.server(lab, lab.srv);
            // warm-up: C2 compiles the per-packet path (300 pings alone stay below its thresholds), then pings
            Iperf.run(lab.cli, "192.0.2.2", 4, "-u", "-b", "10M", "-l", "1000");
            rtts(lab, "192.0.2.2");
            t3Row(lab, paths, 1, "path 1 +20 ms, path 2 +50 ms");
            paths.delays(PathDelay.millis(50, 1), PathDelay.millis(20, 1));
            Thread.sleep(300); // datagrams queued under the old delays have left
            t3Row(lab, paths, 2, "swapped (path 2 faster)");
        }
    }

    private void t3Row(TunnelLab lab, DelayedPaths paths, int fast, String figure) throws Exception {
        CompletableFuture<List<Double>> fastRaw = CompletableFuture.supplyAsync(() -> echoRtts(paths, fast));
        CompletableFuture<List<Double>> slowRaw = CompletableFuture.supplyAsync(() -> echoRtts(paths, 3 - fast));
        List<Double> tun = lab.pingRtts("192.0.2.2", T3_PINGS);
        List<Double> f = fastRaw.get();
        List<Double> s = slowRaw.get();
        row("T3", "redundant RTT p50 / p99, " + figure + " (ping -i 0.01, " + T3_PINGS + ")",
                String.format(Locale.ROOT, "%.2f / %.2f ms = fast %+.2f / %+.2f ms", pctl(tun, 50), pctl(tun, 99),
                        pctl(tun, 50) - pctl(f, 50), pctl(tun, 99) - pctl(f, 99)),
                String.format(Locale.ROOT, "fast %.2f / %.2f, slow %.2f / %.2f ms (UDP echo via relay)",
                        pctl(f, 50), pctl(f, 99), pctl(s, 50), pctl(s, 99)),
                "≤ fast + 1 / + 2 ms");
    }

    private static List<Double> echoRtts(DelayedPaths paths, int n) {
        try {
            return paths.rawRtts(n, T3_PINGS, 10_000_000L);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void latencyAndCpu() throws Exception {
        try (TunnelLab lab = new TunnelLab("failover")) {
            Iperf.server(lab, lab.srv);
            lab.start();
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up");
            warmUp(lab);
            rtts(lab, "192.0.2.2"); // and a round of pings, so C2 has compiled the idle path too
            List<Double> raw = rtts(lab, "198.18.1.2");
            List<Double> tun = rtts(lab, "192.0.2.2");
            row("T8", "added idle RTT p50 / p99 (ping -i 0.01, 300)",
                    String.format(Locale.ROOT, "+%.3f / +%.3f ms", pctl(tun, 50) - pctl(raw, 50),
                            pctl(tun, 99) - pctl(raw, 99)),
                    String.format(Locale.ROOT, "raw %.3f / %.3f ms", pctl(raw, 50), pctl(raw, 99)),
                    "≤ +1 / +2 ms");
            Iperf rawTcp = Iperf.run(lab.cli, "198.18.1.2", 6);
            cpuAt(lab, "T9", "CPU per 100 Mbit/s bulk TCP at a fixed 100 Mbit/s, one path (client / server)",
                    mbit(rawTcp.mbit()) + " raw, unshaped", "-b", "100M");
            Iperf max = cpuAt(lab, "T9", "CPU per 100 Mbit/s bulk TCP unshaped, one path (client / server)",
                    "same", "-O", "2");
            row("T9", "single-path maximum", mbit(max.mbit()), mbit(rawTcp.mbit()) + " raw",
                    "wireguard-go's own limit (about 340 Mbit/s, issue 13)");
        }
        redundantMaximum();
    }

    /** T9's third figure: redundant mode over two unshaped paths, every packet sent twice. */
    private void redundantMaximum() throws Exception {
        try (TunnelLab lab = new TunnelLab("redundant")) {
            Iperf.server(lab, lab.srv);
            lab.start();
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up");
            warmUp(lab);
            Iperf tcp = cpuAt(lab, "T9", "CPU per 100 Mbit/s bulk TCP unshaped, redundant over two paths (client / server)",
                    "the one-path rows above", "-O", "2");
            row("T9", "redundant two-path maximum", mbit(tcp.mbit()), "the one-path maximum above",
                    "near the one-path maximum");
        }
    }

    /**
     * 4 s at 50 Mbit/s and 5 s unshaped before measuring: C2 compiles the data path for the rates measured
     * next, as it would have long since in a tunnel that runs for days; measured right after start, the JIT's
     * compilations add 0.01-0.1 core to a 10-s window.
     */
    private static void warmUp(TunnelLab lab) throws IOException, InterruptedException {
        Iperf.run(lab.cli, "192.0.2.2", 4, "-b", "50M");
        Iperf.run(lab.cli, "192.0.2.2", 5);
    }

    /**
     * Three 10-s iperfs through the tunnel with {@code args}, and each end's CPU per 100 Mbit/s delivered: the
     * medians (and ranges) of the three windows, as one window on a shared 2-core machine swings by ±20 %.
     * Returns the window of median throughput.
     */
    private Iperf cpuAt(TunnelLab lab, String id, String figure, String baseline, String... args)
            throws IOException, InterruptedException {
        List<double[]> windows = new java.util.ArrayList<>(); // client, server, Mbit/s, wireguard-go client, server
        List<Iperf> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long cli0 = cpuTicks(lab.pid("cli"));
            long srv0 = cpuTicks(lab.pid("srv"));
            long wgCli0 = wireguardTicks(lab.pid("cli"));
            long wgSrv0 = wireguardTicks(lab.pid("srv"));
            long t0 = System.nanoTime();
            Iperf tcp = Iperf.run(lab.cli, "192.0.2.2", 10, args);
            double secs = (System.nanoTime() - t0) / 1e9;
            double per100 = 100 / tcp.mbit() / secs / CLK_TCK;
            windows.add(new double[] {(cpuTicks(lab.pid("cli")) - cli0) * per100,
                (cpuTicks(lab.pid("srv")) - srv0) * per100, tcp.mbit(),
                (wireguardTicks(lab.pid("cli")) - wgCli0) * per100, (wireguardTicks(lab.pid("srv")) - wgSrv0) * per100});
            runs.add(tcp);
        }
        double[] cli = windows.stream().mapToDouble(w -> w[0]).sorted().toArray();
        double[] srv = windows.stream().mapToDouble(w -> w[1]).sorted().toArray();
        double[] wgCli = windows.stream().mapToDouble(w -> w[3]).sorted().toArray();
        double[] wgSrv = windows.stream().mapToDouble(w -> w[4]).sorted().toArray();
        Iperf median = runs.stream().sorted(java.util.Comparator.comparingDouble(Iperf::mbit)).toList().get(1);
        row(id, figure, String.format(Locale.ROOT, "relay %.3f / %.3f core at %s (median of 3; %.3f–%.3f / %.3f–%.3f)",
                cli[1], srv[1], mbit(median.mbit()), cli[0], cli[2], srv[0], srv[2]),
                baseline + String.format(Locale.ROOT, "; wireguard-go itself, same windows: %.3f / %.3f core", wgCli[1],
                        wgSrv[1]), "≤ 0.05 core per end on top of WireGuard's");
        return median;
    }

    private static List<Double> rtts(TunnelLab lab, String target) throws IOException, InterruptedException {
        List<Double> r = lab.pingRtts(target, 300);
        if (r.isEmpty()) {
            throw new IllegalStateException("no ping replies from " + target);
        }
        return r;
    }

    private static double pctl(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }

    /** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
    /** utime + stime of the wireguard-go processes the relay at {@code pid} started (its device's engine). */
    private static long wireguardTicks(long pid) throws IOException {
        long sum = 0;
        for (ProcessHandle h : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
            Path comm = Path.of("/proc", Long.toString(h.pid()), "comm");
            if (Files.exists(comm) && Files.readString(comm).strip().equals("wireguard-go")) {
                sum += cpuTicks(h.pid());
            }
        }
        if (sum == 0) {
            throw new IllegalStateException("no wireguard-go below pid " + pid + ": WireGuard's own CPU would read 0");
        }
        return sum;
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f %%", v);
    }

    private static String mbit(double v) {
        return String.format(Locale.ROOT, "%.1f Mbit/s", v);
    }
}
