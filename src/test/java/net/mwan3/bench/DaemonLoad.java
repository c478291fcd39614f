package net.mwan3.bench;

import java.io.IOException;

/**
 * A steady-state measurement of mwan3d on a {@link FanLab}: start, let it settle, then CPU over a
 * window and RSS at its end. Every interface tracks its targets with ping every second.
 */
record DaemonLoad(int interfaces, int targets, double cpuSecondsPerMinute, double rssMiB, long online,
                  double windowSeconds) {

    /**
     * Start-up, then steady state: the JIT compiles what runs every second within the first minute
     * or two, and a router's daemon runs for months, so the window starts after 90 s.
     */
    static final java.util.function.Function<Bench, Long> SETTLE_MS = b -> b.quick ? 10_000L : 90_000L;

    static ScaleConfig config(int interfaces, int targets) {
        return new ScaleConfig(interfaces, Math.max(1, interfaces / 3), Math.max(1, interfaces / 6), "0x3F00",
                FanLab::device, new ScaleConfig.Tracking(FanLab.TARGETS.subList(0, targets), "1", "1", 3, 3));
    }

    /** Measures; {@code whileRunning} then gets the still-running daemon (for the CLI benchmark). */
    static DaemonLoad measure(Bench b, int interfaces, int targets, DaemonUse whileRunning) throws IOException {
        try (FanLab lab = new FanLab("dl", interfaces);
             BenchDaemon d = new BenchDaemon(lab.netns, lab.router, config(interfaces, targets).uci())) {
            if (!d.command().equals("java")) {
                throw new IllegalStateException("spawned process is " + d.command() + ", not the JVM");
            }
            Bench.pause(SETTLE_MS.apply(b));
            double window = b.quick ? 15 : 60;
            double cpu0 = d.cpuSeconds();
            long t0 = System.nanoTime();
            Bench.pause((long) (window * 1000));
            double cpu = d.cpuSeconds() - cpu0;
            double seconds = Bench.millisSince(t0) / 1000;
            DaemonLoad load = new DaemonLoad(interfaces, targets, cpu / seconds * 60, d.rssMiB(), d.onlineCount(), seconds);
            if (whileRunning != null) {
                whileRunning.use(d);
            }
            return load;
        }
    }

    /** Something to do with the daemon before it stops. */
    interface DaemonUse {
        void use(BenchDaemon d) throws IOException;
    }

    String label() {
        return interfaces + " interfaces × " + targets + " targets, ping every 1 s";
    }

    /** "(all 60 online)" or a warning that probes were failing. */
    String onlineNote() {
        return online == interfaces ? "all " + online + " online" : "**only " + online + " of " + interfaces + " online**";
    }

}
