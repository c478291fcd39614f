package net.mwan3.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import net.mwan3.lab.LabJava;
import net.mwan3.lab.LabRouter;
import net.mwan3.lab.Topology;
import net.mwan3.lab.UdpFlow;

/**
 * C. Failover times (issue 4.7): the real mwan3d in a three-WAN {@link Topology}; a UDP flow with a
 * fixed 5-tuple (10 ms spacing) runs via wan1; the time from the fault to the first reply that came
 * back by another WAN. Each repetition starts a fresh daemon, so a slow profile's recovery time
 * (up × interval) is not waited out.
 */
public final class FailoverBench {

    /** Tracking timing of every WAN. */
    record Profile(String name, double interval, double timeout, int down, int up, int targets, int reliability) {
        double windowSeconds() {
            return down * interval;
        }
    }

    static final Profile DEFAULTS = new Profile("mwan3 defaults (interval 10, timeout 4, down 5, up 5)", 10, 4, 5, 5, 2, 1);
    static final Profile EXAMPLE = new Profile("mwan3 shipped example (interval 5, timeout 2, down 3, up 8; "
            + "4 targets, reliability 2)", 5, 2, 3, 8, 4, 2);
    static final Profile FAST = new Profile("fast (interval 0.2, timeout 0.2, down 3, up 3)", 0.2, 0.2, 3, 3, 2, 1);

    private final Bench b;
    private final Topology topo;
    private final Path work;
    private int port = 41000;

    private FailoverBench(Bench b, Topology topo, Path work) {
        this.b = b;
        this.topo = topo;
        this.work = work;
    }

    public static void main(String[] args) throws IOException {
        Bench b = Bench.from("C", args);
        Path work = Files.createTempDirectory("mwan3-bench-fo");
        try (Topology topo = Topology.build("fo", 3)) {
            new LabJava(topo.netns(), work).echoServer(topo.inet(), Topology.SERVER, Topology.SERVER_PORT);
            FailoverBench fb = new FailoverBench(b, topo, work);
            fb.blackhole(FAST, b.reps(5, 2), 1.0);
            fb.carrier(FAST, b.reps(5, 2));
            fb.carrierWarm(FAST, b.reps(5, 2));
            fb.blackhole(EXAMPLE, b.reps(3, 0), Double.NaN);
            fb.carrier(EXAMPLE, b.reps(3, 1));
            fb.blackhole(DEFAULTS, b.reps(1, 0), Double.NaN);
            fb.carrier(DEFAULTS, b.reps(3, 1));
        }
        b.note("Fault → first reply of the running flow that came back via another WAN (the server echoes the source "
                + "address it saw, i.e. which WAN's masquerade). Blackhole = the ISP drops everything it would forward, "
                + "link stays up; carrier loss = the ISP's end of the veth goes down. Track targets 203.0.113.1–2 "
                + "(example profile: .1–.4), ping. Each repetition is a fresh mwan3d (LabRouter: the launcher's JVM "
                + "options from target/dist/share/jvm), faulted as soon as it reports all WANs online (which it does once "
                + "their routing is applied); the warm row flaps one daemon's wan1 repeatedly (2 flaps unmeasured), "
                + "waiting for wan1 to be back online each time. Anchor for blackholes = the profile's detection window down × interval: "
                + "mwan3track cannot be faster than about that.");
    }

    private void blackhole(Profile p, int reps, double goalSeconds) throws IOException {
        String what = "blackhole, " + p.name();
        if (reps == 0) {
            b.row(what, "not run in --quick (expected ≈ " + Bench.fmt(p.windowSeconds() + p.timeout(), "s") + ")",
                    Bench.fmt(p.windowSeconds(), "s") + " (down × interval)", "–", "–", "–");
            return;
        }
        List<Double> ms = measure(p, reps, true);
        double med = Bench.median(ms) / 1000;
        boolean hasGoal = !Double.isNaN(goalSeconds);
        b.row(what, Bench.summary(ms.stream().map(x -> x / 1000).toList(), "s"),
                Bench.fmt(p.windowSeconds(), "s") + " (down × interval)", Bench.ratio(med, p.windowSeconds()),
                hasGoal ? "≤ " + Bench.fmt(goalSeconds, "s") : "–", hasGoal ? Row.verdict(med <= goalSeconds) : "–");
    }

    private void carrier(Profile p, int reps) throws IOException {
        List<Double> ms = measure(p, reps, false);
        double med = Bench.median(ms);
        b.row("carrier loss, fresh daemon, " + p.name(), Bench.summary(ms, "ms"), "–", "–", "≤ 100 ms",
                Row.verdict(med <= 100));
    }

    /** Carrier flaps of one long-running daemon: the case of a router that has been up for a while. */
    private void carrierWarm(Profile p, int reps) throws IOException {
        List<Double> ms = new ArrayList<>();
        try (LabRouter router = new LabRouter(topo, config(p), Files.createTempDirectory(work, "run"))) {
            for (int i = -2; i < reps; i++) {
                await(router, "all WANs online", 60, () -> allOnline(router));
                double t = faultOnce(router, p, false);
                if (i >= 0) {
                    ms.add(t);
                }
                await(router, "wan1 down in the status", 10,
                        () -> !router.status("interfaces").contains("interface wan1 is online"));
                topo.faults().carrier(1, true);
                // A link that returns takes a moment to carry traffic (the first probes after it may be lost
                // and take wan1 offline again): the next flap starts from a settled wan1.
                await(router, "all WANs online", 60, () -> allOnline(router));
                Bench.pause(2000);
            }
        } finally {
            topo.faults().carrier(1, true);
        }
        b.row("carrier loss, warm daemon (flaps 3.." + (reps + 2) + " of one daemon), " + p.name(),
                Bench.summary(ms, "ms"), "–", "–", "≤ 100 ms", Row.verdict(Bench.median(ms) <= 100));
    }

    private List<Double> measure(Profile p, int reps, boolean blackhole) throws IOException {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            try (LabRouter router = new LabRouter(topo, config(p), Files.createTempDirectory(work, "run"))) {
                await(router, "all WANs online", 60, () -> allOnline(router));
                out.add(faultOnce(router, p, blackhole));
            } finally {
                topo.faults().clear(1);
                topo.faults().carrier(1, true);
            }
        }
        return out;
    }

    private static boolean allOnline(LabRouter router) {
        return router.status("interfaces").split("is online", -1).length == 4;
    }

    /** A new flow via wan1, then the fault: milliseconds until its first reply via another WAN. */
    private double faultOnce(LabRouter router, Profile p, boolean blackhole) {
        try (UdpFlow flow = new UdpFlow(topo.lan(), Topology.LAN_CLIENT, port++, Topology.SERVER,
                Topology.SERVER_PORT, 10)) {
            String wan1 = Topology.wanAddress(1);
            await(router, "flow via wan1", 20, () -> flow.last() != null && flow.last().seenAs().equals(wan1));
            long fault = System.nanoTime();
            if (blackhole) {
                topo.faults().blackhole(1);
            } else {
                topo.faults().carrier(1, false);
            }
            double limit = p.windowSeconds() + p.interval() * 2 + p.timeout() + 20;
            await(router, "flow moved", limit, () -> moved(flow, fault) != null);
            return (moved(flow, fault).nanos() - fault) / 1e6;
        }
    }

    private static UdpFlow.Reply moved(UdpFlow flow, long since) {
        return flow.replies().stream().filter(r -> r.nanos() >= since)
                .filter(r -> r.seenAs().equals(Topology.wanAddress(2)) || r.seenAs().equals(Topology.wanAddress(3)))
                .findFirst().orElse(null);
    }

    /** Waits for {@code cond}, polling every 5 ms; fails with the daemon's status and log. */
    static void await(LabRouter router, String what, double seconds, BooleanSupplier cond) {
        long deadline = System.nanoTime() + (long) (seconds * TimeUnit.SECONDS.toNanos(1));
        while (System.nanoTime() < deadline) {
            if (cond.getAsBoolean()) {
                return;
            }
            Bench.pause(5);
        }
        throw new IllegalStateException("timed out: " + what + "\n" + router.status("status") + "\nlog:\n" + router.log());
    }

    static String config(Profile p) {
        StringBuilder sb = new StringBuilder("config globals 'globals'\n\toption mmx_mask '0x3F00'\n");
        for (int k = 1; k <= 3; k++) {
            sb.append("config interface 'wan").append(k).append("'\n\toption enabled '1'\n\toption device 'eth")
                    .append(k).append("'\n");
            for (int t = 1; t <= p.targets(); t++) {
                sb.append("\tlist track_ip '").append(Topology.target(t)).append("'\n");
            }
            sb.append("\toption reliability '").append(p.reliability()).append("'\n\toption interval '")
                    .append(num(p.interval())).append("'\n\toption timeout '").append(num(p.timeout()))
                    .append("'\n\toption down '").append(p.down()).append("'\n\toption up '").append(p.up()).append("'\n");
            sb.append("config member 'm").append(k).append("'\n\toption interface 'wan").append(k)
                    .append("'\n\toption metric '").append(k).append("'\n");
        }
        sb.append("config policy 'failover'\n\tlist use_member 'm1'\n\tlist use_member 'm2'\n\tlist use_member 'm3'\n");
        return sb.append("config rule 'all'\n\toption dest_ip '0.0.0.0/0'\n\toption use_policy 'failover'\n").toString();
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
