package net.mwan3.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import net.mwan3.kernel.CommandResult;
import net.mwan3.lab.NetnsThread;
import net.mwan3.probe.IcmpProber;
import net.mwan3.probe.ProbeResult;
import net.mwan3.probe.ProbeTarget;

/**
 * D. Probe cost (issue 4.7): CPU per 10,000 ICMP probes, {@link IcmpProber} (its poller thread in a
 * lab namespace) against a shell loop forking {@code ping -c1 -W1} as mwan3track does; then the
 * whole daemon's CPU with 60 interfaces × 4 targets every second (also E's RSS at 60).
 */
public final class ProbeCostBench {

    private ProbeCostBench() {
    }

    public static void main(String[] args) throws IOException {
        Bench b = Bench.from("D", args);
        double oursPer10k;
        double pingPer10k;
        try (FanLab lab = new FanLab("pc", 1)) {
            oursPer10k = ours(b, lab);
            pingPer10k = forkedPing(b, lab);
        }
        b.row("CPU seconds per 10,000 ICMP probes", Bench.fmt(oursPer10k, "CPU-s") + " (IcmpProber)",
                Bench.fmt(pingPer10k, "CPU-s") + " (fork ping -c1 -W1)", Bench.fmt(pingPer10k / oursPer10k, "") + " × cheaper",
                "≥ 50 × cheaper", Row.verdict(pingPer10k / oursPer10k >= 50));
        DaemonLoad d = DaemonLoad.measure(b, 60, 4, null);
        double probesPerMinute = 60.0 * 4 * 60;
        double pingEquivalent = pingPer10k * probesPerMinute / 10_000;
        b.row("mwan3d CPU, " + d.label(), Bench.fmt(d.cpuSecondsPerMinute(), "CPU-s/min") + " (" + d.onlineNote() + ")",
                Bench.fmt(pingEquivalent, "CPU-s/min") + " (forking ping for the same 14,400 probes/min, derived)",
                Bench.fmt(pingEquivalent / d.cpuSecondsPerMinute(), "") + " × cheaper", "–", "–");
        b.in("E").row("mwan3d RSS, " + d.label(), Bench.fmt(d.rssMiB(), "MiB"), "–", "–", "–", "–");
        b.note("Probes: 1 echo of 56 bytes to 203.0.113.1 bound to a veth (SO_BINDTODEVICE + source), answered by the far "
                + "namespace. Ours = the benchmark JVM's whole process CPU (OperatingSystemMXBean) over the probes after a "
                + "warm-up, 4 probes in flight at a time. Anchor = `bash -c 'for …; do ping -c1 -W1 -I w1 -q …; done; times'` "
                + "in the namespace: shell + children user+sys, as mwan3track's fork per probe costs; scaled to 10,000. "
                + "Daemon CPU = utime+stime of the mwan3d JVM and cutime+cstime of what it started (/proc/PID/stat) over a " + Bench.fmt(d.windowSeconds(), "s")
                + " window after a settling period.");
    }

    private static double ours(Bench b, FanLab lab) {
        ProbeTarget t = ProbeTarget.of(FanLab.TARGETS.get(0)).via(FanLab.device(1), address("198.18.1.2"))
                .withTimeout(Duration.ofSeconds(1));
        try (IcmpProber p = new IcmpProber(NetnsThread.factory(lab.router, "bench-icmp"))) {
            run(p, t, b.reps(2_000, 1_000));
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            int n = b.reps(10_000, 3_000);
            long cpu0 = os.getProcessCpuTime();
            int received = run(p, t, n);
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            if (received < n) {
                b.note("IcmpProber: only " + received + " of " + n + " probes answered.");
            }
            return cpu * 10_000 / n;
        }
    }

    /** Probes n times, four in flight; returns the echoes received. */
    private static int run(IcmpProber p, ProbeTarget t, int n) {
        int received = 0;
        for (int i = 0; i < n; i += 4) {
            List<CompletableFuture<ProbeResult>> batch = new ArrayList<>();
            for (int j = 0; j < 4; j++) {
                batch.add(p.probe(t));
            }
            for (CompletableFuture<ProbeResult> f : batch) {
                received += f.join().received();
            }
        }
        return received;
    }

    private static double forkedPing(Bench b, FanLab lab) {
        int n = b.reps(1_000, 200);
        String script = "fail=0; for i in $(seq " + n + "); do ping -c1 -W1 -I " + FanLab.device(1) + " -q "
                + FanLab.TARGETS.get(0) + " >/dev/null || fail=$((fail+1)); done; echo fail=$fail; times";
        CommandResult r = lab.netns.run(lab.router, "bash", "-c", script);
        List<String> lines = r.orThrow().stdout().lines().toList();
        if (!lines.get(0).equals("fail=0")) {
            b.note("forked ping: " + lines.get(0) + " of " + n);
        }
        double cpu = 0;
        for (String line : lines.subList(1, lines.size())) {
            for (String tok : line.trim().split("\\s+")) {
                cpu += seconds(tok);
            }
        }
        return cpu * 10_000 / n;
    }

    /** bash {@code times} format: {@code 0m1.234s}. */
    private static double seconds(String tok) {
        int m = tok.indexOf('m');
        return Integer.parseInt(tok.substring(0, m)) * 60 + Double.parseDouble(tok.substring(m + 1, tok.length() - 1));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
