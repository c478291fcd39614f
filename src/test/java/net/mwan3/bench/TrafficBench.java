package net.mwan3.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.management.OperatingSystemMXBean;

import net.mwan3.kernel.Nft;
import net.mwan3.kernel.NftCounters;
import net.mwan3.kernel.ProcessCommandRunner;
import net.mwan3.lab.LabJava;
import net.mwan3.lab.LabRouter;
import net.mwan3.lab.NetnsThread;
import net.mwan3.lab.Topology;
import net.mwan3.lab.UdpFlow;

/**
 * I. Traffic-triggered detection (issue 17), side by side with plain tracking (traffic_detection 0) on
 * the same config in the same run: mwan3's default timing in the three-WAN {@link Topology}. Blackhole
 * under a running UDP flow, blackhole without traffic, 30 % loss with traffic, probe packets on the wire
 * in steady state, and the sampling's CPU.
 */
public final class TrafficBench {
    private static final FailoverBench.Profile DEFAULTS = FailoverBench.DEFAULTS;
    private static final String OFF = "\toption traffic_detection '0'\n";
    private static final Pattern PACKETS = Pattern.compile("\"packets\":\\s*(\\d+)");

    private final Bench b;
    private final Topology topo;
    private final Path work;
    private int port = 42000;
    private long burstsWithoutTraffic;

    private TrafficBench(Bench b, Topology topo, Path work) {
        this.b = b;
        this.topo = topo;
        this.work = work;
    }

    public static void main(String[] args) throws IOException {
        Bench b = Bench.from("I", args);
        Path work = Files.createTempDirectory("mwan3-bench-td");
        try (Topology topo = Topology.build("td", 3)) {
            new LabJava(topo.netns(), work).echoServer(topo.inet(), Topology.SERVER, Topology.SERVER_PORT);
            topo.netns().runner(topo.isp(1)).run(List.of("nft", "-f", "-"), "table inet probes {\n chain count {\n"
                    + "  type filter hook forward priority -20; policy accept\n"
                    + "  iifname \"down\" icmp type echo-request counter\n }\n}\n").orThrow();
            TrafficBench tb = new TrafficBench(b, topo, work);
            if (java.util.List.of(args).contains("--cpu-only")) { // re-measuring the sampler alone
                tb.samplingCpu();
                return;
            }
            tb.underTraffic(b.reps(5, 2), b.quick ? 20 : 60);
            tb.underTcp(b.reps(3, 1));
            tb.withoutTraffic();
            tb.loss(b.quick ? 30 : 120);
            tb.samplingCpu();
        }
        b.note("Config: three WANs, mwan3's default timing (interval 10, timeout 4, down 5, up 5), targets 203.0.113.1–2, "
                + "ping, failover policy wan1 → wan2 → wan3; the anchor is the same config with traffic_detection 0 in the "
                + "same run. UDP flow: one datagram every 10 ms from the LAN client, echoed. Probe packets: ICMP echo "
                + "requests wan1's ISP forwarded (counted before any fault), per hour from the window's count. Sampling CPU: "
                + "22,000 reads inside the router namespace while the daemon runs (2,000 of them warm-up), CPU per read "
                + "× 600 reads a minute; the ratio compares whole-JVM figures. Plain tracking's blackhole figure depends on "
                + "where in the 10 s round period the fault lands (44–54 s; here right after a round).");
    }

    private String config(boolean detection) {
        String c = FailoverBench.config(DEFAULTS);
        return detection ? c : c.replace("config interface 'wan1'\n", "config interface 'wan1'\n" + OFF)
                .replace("config interface 'wan2'\n", "config interface 'wan2'\n" + OFF)
                .replace("config interface 'wan3'\n", "config interface 'wan3'\n" + OFF);
    }

    private static boolean allOnline(LabRouter router) {
        return router.status("interfaces").split("is online", -1).length == 4;
    }

    private long probesOnWire() {
        String json = topo.netns().exec(topo.isp(1), "nft", "-j", "list", "table", "inet", "probes");
        Matcher m = PACKETS.matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private UdpFlow flowOnWan1(LabRouter router) {
        UdpFlow flow = new UdpFlow(topo.lan(), Topology.LAN_CLIENT, port++, Topology.SERVER, Topology.SERVER_PORT, 10);
        FailoverBench.await(router, "flow via wan1", 20,
                () -> flow.last() != null && flow.last().seenAs().equals(Topology.wanAddress(1)));
        return flow;
    }

    private static UdpFlow.Reply moved(UdpFlow flow, long since) {
        return flow.replies().stream().filter(r -> r.nanos() >= since)
                .filter(r -> r.seenAs().equals(Topology.wanAddress(2)) || r.seenAs().equals(Topology.wanAddress(3)))
                .findFirst().orElse(null);
    }

    /** One fresh daemon: steady window (probes counted) if {@code steadySeconds} > 0, then a blackhole. */
    private double[] steadyThenBlackhole(boolean detection, int steadySeconds) throws IOException {
        try (LabRouter router = new LabRouter(topo, config(detection), Files.createTempDirectory(work, "run"));
             UdpFlow flow = startFlow(router)) {
            double perHour = Double.NaN;
            if (steadySeconds > 0) {
                long before = probesOnWire();
                Bench.pause(steadySeconds * 1000L);
                perHour = (probesOnWire() - before) * 3600.0 / steadySeconds;
            }
            long fault = System.nanoTime();
            topo.faults().blackhole(1);
            FailoverBench.await(router, "flow moved", DEFAULTS.windowSeconds() + 40, () -> moved(flow, fault) != null);
            return new double[] {(moved(flow, fault).nanos() - fault) / 1e6, perHour};
        } finally {
            topo.faults().clear(1);
        }
    }

    private UdpFlow startFlow(LabRouter router) {
        FailoverBench.await(router, "all WANs online", 60, () -> allOnline(router));
        return flowOnWan1(router);
    }

    private void underTraffic(int reps, int steadySeconds) throws IOException {
        List<Double> ms = new ArrayList<>();
        double onPerHour = Double.NaN;
        for (int i = 0; i < reps; i++) {
            double[] r = steadyThenBlackhole(true, i == 0 ? steadySeconds : 0);
            ms.add(r[0]);
            if (i == 0) {
                onPerHour = r[1];
            }
        }
        double[] plain = steadyThenBlackhole(false, steadySeconds);
        double med = Bench.median(ms) / 1000;
        b.row("blackhole under a running UDP flow → its first packet via another WAN", Bench.summary(
                ms.stream().map(x -> x / 1000).toList(), "s"), Bench.fmt(plain[0] / 1000, "s") + " (plain tracking, n=1)",
                Bench.ratio(med, plain[0] / 1000), "≤ 1.5 s", Row.verdict(med <= 1.5));
        b.row("probe packets per hour in steady state, flow running (wan1, " + steadySeconds + " s window)",
                Bench.fmt(onPerHour, ""), Bench.fmt(plain[1], "") + " (plain tracking)", Bench.ratio(onPerHour, plain[1]),
                "equal", Row.verdict(Math.abs(onPerHour - plain[1]) <= 2 * 3600.0 / steadySeconds));
    }

    /**
     * New short TCP connections every 100 ms (each classified anew): fault → the end of the first one
     * started after it that completed, via another WAN. Plain tracking's figure is the UDP row's anchor:
     * its rounds do not look at traffic.
     */
    private void underTcp(int reps) throws IOException {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            try (LabRouter router = new LabRouter(topo, config(true), Files.createTempDirectory(work, "run"))) {
                FailoverBench.await(router, "all WANs online", 60, () -> allOnline(router));
                try (net.mwan3.lab.TcpTraffic tcp = new net.mwan3.lab.TcpTraffic(topo.lan(), 100, Integer.MAX_VALUE)) {
                    FailoverBench.await(router, "TCP via wan1", 20, () -> tcp.between(0, Long.MAX_VALUE).stream()
                            .anyMatch(f -> f.wan() == 1));
                    long fault = System.nanoTime();
                    topo.faults().blackhole(1);
                    FailoverBench.await(router, "a new TCP connection via another WAN", DEFAULTS.windowSeconds() + 40,
                            () -> tcp.between(fault, Long.MAX_VALUE).stream().anyMatch(f -> f.wan() > 1));
                    long done = tcp.between(fault, Long.MAX_VALUE).stream().filter(f -> f.wan() > 1)
                            .mapToLong(net.mwan3.lab.Flow::endNanos).min().orElseThrow();
                    ms.add((done - fault) / 1e6);
                }
            } finally {
                topo.faults().clear(1);
            }
        }
        double med = Bench.median(ms) / 1000;
        b.row("blackhole under new TCP connections (one every 100 ms) → the first completed via another WAN",
                Bench.summary(ms.stream().map(x -> x / 1000).toList(), "s"),
                "the UDP row's plain tracking (rounds ignore traffic)", "–", "≤ 1.5 s", Row.verdict(med <= 1.5));
    }

    /** Fault → status shows wan1 offline, no user traffic at all. */
    private double offlineWithoutTraffic(boolean detection) throws IOException {
        try (LabRouter router = new LabRouter(topo, config(detection), Files.createTempDirectory(work, "run"))) {
            FailoverBench.await(router, "all WANs online", 60, () -> allOnline(router));
            long fault = System.nanoTime();
            topo.faults().blackhole(1);
            FailoverBench.await(router, "wan1 offline", DEFAULTS.windowSeconds() + 40,
                    () -> router.status("interfaces").contains("interface wan1 is offline"));
            double s = Bench.millisSince(fault) / 1000;
            if (detection) {
                burstsWithoutTraffic = router.log().lines().filter(l -> l.contains("is suspected")).count();
            }
            return s;
        } finally {
            topo.faults().clear(1);
        }
    }

    private void withoutTraffic() throws IOException {
        double on = offlineWithoutTraffic(true);
        double plain = offlineWithoutTraffic(false);
        b.row("blackhole without user traffic → wan1 offline in status", Bench.fmt(on, "s") + " (n=1; bursts "
                + burstsWithoutTraffic + ")", Bench.fmt(plain, "s") + " (plain tracking, n=1)", Bench.ratio(on, plain),
                "≈ plain, no burst", Row.verdict(Math.abs(on - plain) <= DEFAULTS.interval() && burstsWithoutTraffic == 0));
    }

    private void loss(int seconds) throws IOException {
        try (LabRouter router = new LabRouter(topo, config(true), Files.createTempDirectory(work, "run"));
             UdpFlow flow = startFlow(router)) {
            topo.faults().loss(1, 30);
            Bench.pause(seconds * 1000L);
            long offline = router.events().stream().filter(e -> e.contains(" disconnected wan1 ")).count();
            String log = router.log();
            long bursts = log.lines().filter(l -> l.contains("interface wan1 is suspected")).count();
            long confirmed = log.lines().filter(l -> l.contains("wan1: burst confirmed")).count();
            long rounds = router.events().stream().filter(e -> e.contains(" disconnecting wan1 ")).count();
            b.row("30 % random loss on wan1 with the flow, " + seconds + " s: false offline", offline + " (bursts "
                    + bursts + ", confirmed " + confirmed + "; rounds' disconnecting episodes " + rounds + ")",
                    "0 (plain tracking: down = 5 failed rounds in a row needed)", "–", "0", Row.verdict(offline == 0));
        } finally {
            topo.faults().clear(1);
        }
    }

    /**
     * CPU of one counter read: over nf_tables netlink as the daemon reads (the reading thread's CPU, which
     * is what the main thread pays, and the whole JVM's as an upper bound) and through libnftables JSON.
     */
    private void samplingCpu() throws IOException {
        try (LabRouter router = new LabRouter(topo, config(true), Files.createTempDirectory(work, "run"))) {
            FailoverBench.await(router, "all WANs online", 60, () -> allOnline(router));
            double[] netlink = NetnsThread.call(topo.router(), () -> {
                try (NftCounters c = new NftCounters()) {
                    if (c.read().size() != 6) {
                        throw new IllegalStateException("expected 6 counters, read " + c.read());
                    }
                    java.lang.management.ThreadMXBean t = ManagementFactory.getThreadMXBean();
                    long thread = t.getCurrentThreadCpuTime();
                    double process = cpuPerCall(20_000, c::read);
                    double threadMs = (t.getCurrentThreadCpuTime() - thread) / 1e6 / 22_000;
                    return new double[] {threadMs, process};
                }
            });
            double jsonMs;
            try (Nft nft = Nft.open(ProcessCommandRunner.inNetns(topo.router()),
                    NetnsThread.factory(topo.router(), "nft-bench"))) {
                com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
                jsonMs = cpuPerCall(2_000, () -> {
                    try {
                        return json.readTree(nft.list(true, "counters", "table", "inet", "mwan3").stdout());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            double oneWan = netlink[0] * 600 / 1000;
            b.row("sampling CPU per minute, one watched WAN (the worst case: one read serves every WAN; 3 WANs: a third "
                    + "each), 100 ms period", String.format(java.util.Locale.ROOT, "%.4f CPU-s", oneWan) + " (" + Bench.fmt(netlink[0] * 1000, "µs")
                    + " per nf_tables netlink read on the reading thread; whole JVM " + Bench.fmt(netlink[1] * 1000, "µs")
                    + ")", String.format(java.util.Locale.ROOT, "%.3f CPU-s", jsonMs * 600 / 1000) + " (libnftables JSON list counters + parse, "
                    + Bench.fmt(jsonMs * 1000, "µs") + " per read, whole JVM)", Bench.ratio(netlink[1], jsonMs),
                    "≤ 0.01 CPU-s", Row.verdict(oneWan <= 0.01));
        }
    }

    /** Process CPU (ms) per call of {@code task}, after a warm-up of a tenth as many calls. */
    private static double cpuPerCall(int calls, java.util.function.Supplier<?> task) {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < calls / 10; i++) {
            task.get();
        }
        long before = os.getProcessCpuTime();
        Object sink = null;
        for (int i = 0; i < calls; i++) {
            sink = task.get();
        }
        long after = os.getProcessCpuTime();
        if (sink == null) {
            throw new IllegalStateException("no result");
        }
        return (after - before) / 1e6 / calls;
    }
}
