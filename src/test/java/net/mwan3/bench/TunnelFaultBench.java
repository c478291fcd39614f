package net.mwan3.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import net.mwan3.tunnel.Iperf;
import net.mwan3.tunnel.TunnelLab;

/**
 * The tunnel's fault figures (reference §4: T2, T6, T7, T10–T13) as rows of {@link TunnelBench}'s table: what a dead
 * path costs in aggregate and failover mode, how fast the TUN carrier follows the last path, how a restart
 * resumes, that a full-MTU packet crosses a 1500-byte path unfragmented, and whether the data path triggers
 * garbage collections. Times come from 10-ms pings or UDP sequence gaps, not from status polling.
 */
final class TunnelFaultBench {
    /** One table row: id, figure, tunnel, baseline, goal. */
    interface Rows {
        void row(String id, String figure, String tunnel, String baseline, String goal);
    }

    private final Rows rows;
    /** What the last {@link #withCut} dropped (read before the heal removes the counting rules). */
    private volatile long cutDrops;

    TunnelFaultBench(Rows rows) {
        this.rows = rows;
    }

    void run() throws Exception {
        aggregateCut();
        failoverCut();
        carrierMtuAndGc();
        restart();
    }

    /**
     * T6: aggregate over 20 + 20 Mbit carrying 16 Mbit/s of UDP (what one path can carry alone, so losses are
     * the cut's, not the remaining path's overload); path 1 blackholed for 3 s.
     */
    private void aggregateCut() throws Exception {
        try (TunnelLab lab = new TunnelLab("aggregate")) {
            lab.startShaped(20, 20);
            Iperf.run(lab.cli, "192.0.2.2", 3, "-u", "-b", "16M", "-l", "1000");
            Iperf run = withCut(lab, "p1", () -> Iperf.run(lab.cli, "192.0.2.2", 8, "-u", "-b", "16M", "-l", "1000"));
            long lost = Math.round(run.packets() * run.lostPercent() / 100);
            rows.row("T6", "aggregate 20 + 20 Mbit, 2000 pkt/s UDP, path 1 blackholed 3 s",
                    String.format(Locale.ROOT, "%d of %d packets lost (%.0f ms of the whole flow)", lost,
                            run.packets(), lost / 2.0),
                    "the whole flow during 300 ms detection: 600 packets", "≤ path 1's traffic during 300 ms detection");
        }
    }

    /** T7: failover, the active path blackholed during 10-ms pings; the outage is lost pings × 10 ms. */
    private void failoverCut() throws Exception {
        try (TunnelLab lab = new TunnelLab("failover")) {
            lab.start();
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up");
            TunnelLab.received(lab.ping(20, "0.01"));
            String active = lab.status("cli").contains("path 0 wan1->198.18.0.1:7000 up state up") ? "p1" : "p2";
            Process ping = lab.ping(400, "0.01");
            int received = withCut(lab, active, () -> TunnelLab.received(ping));
            rows.row("T7", "failover, active path blackholed during 400 pings at 10 ms",
                    String.format(Locale.ROOT, "outage %d ms (%d pings lost), standby took over", (400 - received) * 10,
                            400 - received),
                    "detection bound 300 ms (3 beats)", "≤ 500 ms");
        }
    }

    /** T2 hitless cut, T10 MTU, T11 GC and T12 carrier on one redundant tunnel. */
    private void carrierMtuAndGc() throws Exception {
        try (TunnelLab lab = new TunnelLab("redundant")) {
            Iperf.server(lab, lab.srv);
            lab.start();
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up");
            int full = TunnelLab.received(new ProcessBuilder("ip", "netns", "exec", lab.cli, "ping", "-n", "-q", "-c",
                    "5", "-i", "0.05", "-M", "do", "-s", "1368", "192.0.2.2").start());
            rows.row("T10", "1396-byte packets (DF) through the tunnel over 1500-byte paths",
                    full + " of 5 answered; WireGuard's 32 bytes + the relay's 44, 1500 bytes on the wire",
                    "-", "default MTU 1396 (IPv4 paths), no fragmentation");
            Process ping = lab.ping(500, "0.01");
            int got = withCut(lab, "p1", () -> TunnelLab.received(ping));
            rows.row("T2", "redundant, path 1 blackholed 3 s during 500 pings at 10 ms",
                    (500 - got) + " of 500 lost", cutDrops + " datagrams dropped by the cut", "0 lost");
            for (long pid : new long[] {lab.pid("cli"), lab.pid("srv")}) {
                new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").start().waitFor(); // start-up garbage gone
            }
            double[] gc0 = gcs(lab.pid("cli"), lab.pid("srv"));
            Iperf.run(lab.cli, "192.0.2.2", 10, "-b", "300M");
            double[] gc1 = gcs(lab.pid("cli"), lab.pid("srv"));
            rows.row("T11", "garbage collections during 10 s of 300 Mbit/s TCP, after a full GC at the start:"
                    + " count, total pause (client / server)",
                    String.format(Locale.ROOT, "%.0f, %.1f ms / %.0f, %.1f ms", gc1[0] - gc0[0], gc1[1] - gc0[1],
                            gc1[2] - gc0[2], gc1[3] - gc0[3]),
                    "status file and beats allocate a little; the packet path nothing (JFR)",
                    "no pause > 5 ms");
            carrier(lab);
        }
    }

    /**
     * T12: both paths blackholed; when the relay says no path is up ({@code carrier off}: what mwan3d takes its
     * WireGuard interface down on, without waiting for a carrier WireGuard does not have). Paths die after 300 ms
     * of silence; the status file is rewritten every 100 ms, so the figure is up to 100 ms late.
     */
    private void carrier(TunnelLab lab) throws Exception {
        Thread.sleep(300);
        long t0 = System.nanoTime();
        lab.cut("p1");
        lab.cut("p2");
        long off = -1;
        while (off < 0 && System.nanoTime() - t0 < 5_000_000_000L) {
            if (lab.status("cli").contains("carrier off")) {
                off = (System.nanoTime() - t0) / 1_000_000;
            }
            Thread.sleep(5);
        }
        lab.heal();
        rows.row("T12", "tunnel without a live path (carrier off) after both paths are blackholed",
                off < 0 ? "never (5 s)" : off + " ms after the cut", "paths are dead 300 ms after the cut (silence);"
                        + " status file every 100 ms", "≤ 100 ms after the last path dies");
    }

    /** T13: either end killed and started again; time until a ping crosses again (JVM start included). */
    private void restart() throws Exception {
        try (TunnelLab lab = new TunnelLab("redundant")) {
            lab.start();
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up");
            StringBuilder s = new StringBuilder();
            for (String side : new String[] {"srv", "cli"}) {
                long t0 = System.nanoTime();
                lab.restart(side);
                long back = -1;
                while (back < 0 && System.nanoTime() - t0 < 30_000_000_000L) {
                    // One ping waiting 100 ms for its answer: a plain `ping -c 1` waits a second, which is then
                    // what the figure would measure. Exit 0: answered (the TUN device may not exist yet).
                    Process ping = new ProcessBuilder("ip", "netns", "exec", lab.cli, "ping", "-n", "-q", "-c", "1",
                            "-W", "0.1", "192.0.2.2").start();
                    if (ping.waitFor() == 0) {
                        back = (System.nanoTime() - t0) / 1_000_000;
                    } else {
                        Thread.sleep(10);
                    }
                }
                int after = back < 0 ? 0 : TunnelLab.received(lab.ping(100, "0.02"));
                s.append(side).append(' ').append(back < 0 ? "never" : back + " ms").append(", then ")
                        .append(100 - after).append(" of 100 lost").append(side.equals("srv") ? "; " : "");
            }
            rows.row("T13", "restart (kill -9) of either end until a ping crosses again; pings lost of the next 100 at 20 ms", s.toString(),
                    "includes the JVM start; wireguard-go and its session survive the relay", "≤ 2 s, ≤ 2 of 100");
        }
    }

    private interface Run<T> {
        T call() throws Exception;
    }

    /** Runs {@code r} while {@code dev} is blackholed from 2 s to 5 s into it. */
    private <T> T withCut(TunnelLab lab, String dev, Run<T> r) throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            timer.schedule(() -> lab.cut(dev), 2, TimeUnit.SECONDS);
            timer.schedule(() -> {
                cutDrops = lab.cutDrops();
                lab.heal();
            }, 5, TimeUnit.SECONDS);
            return r.call();
        } finally {
            timer.shutdownNow();
            lab.heal();
        }
    }

    /** Per process: collections so far (young + full) and their total time in ms (jstat). */
    private static double[] gcs(long... pids) throws IOException, InterruptedException {
        double[] r = new double[2 * pids.length];
        for (int i = 0; i < pids.length; i++) {
            Process p = new ProcessBuilder("jstat", "-gc", Long.toString(pids[i])).redirectErrorStream(true).start();
            String[] out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split("\n");
            p.waitFor();
            String[] head = out[0].trim().split("\\s+");
            String[] vals = out[out.length - 1].trim().split("\\s+");
            for (int c = 0; c < head.length; c++) {
                if (head[c].equals("YGC") || head[c].equals("FGC")) {
                    r[2 * i] += Double.parseDouble(vals[c]);
                } else if (head[c].equals("GCT")) {
                    r[2 * i + 1] = Double.parseDouble(vals[c]) * 1000;
                }
            }
        }
        return r;
    }

    public static void main(String[] args) throws Exception {
        new TunnelFaultBench((id, f, t, b, g) -> System.out.printf("| %s | %s | %s | %s | %s |%n", id, f, t, b, g)).run();
    }
}
