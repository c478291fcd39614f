package net.mwan3.lab;

import java.util.List;
import java.util.Locale;

/** Renders the lab's live display and summary as text (pure). */
public final class LabScreen {
    static final String CLEAR = "\033[H\033[2J";
    private static final int BAR = 20;

    private LabScreen() {
    }

    /** A full frame for a terminal. */
    public static String frame(LabSnapshot s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "mwan3 lab  %5.1f s   phase %d/%d: %s (%.1f of %.0f s)   Ctrl-C ends%n%n",
                s.elapsedSecs(), s.phaseNo(), s.phases(), s.phase(), s.phaseSecs(), s.phaseLength()));
        int total = sum(s.share());
        b.append(String.format(Locale.ROOT, " %-5s %-13s %8s %5s   new flows to port 8080 (balanced 3:2:1), last %d s%n", "iface", "state", "rtt",
                "loss", LabRun.WINDOW_SECS));
        for (IfaceView v : s.ifaces()) {
            int k = wanIndex(v.name());
            int n = k > 0 && k < s.share().length ? s.share()[k] : 0;
            b.append(String.format(Locale.ROOT, " %-5s %-13s %8s %4d%%   %-" + BAR + "s %3d%% (%d)%n", v.name(),
                    state(v), rtt(v), v.lossPercent(), bar(n, total), pct(n, total), n));
        }
        b.append(String.format(Locale.ROOT, " %-5s %-13s %8s %5s   %-" + BAR + "s %3d%% (%d)%n", "", "failed", "", "",
                bar(s.share()[0], total), pct(s.share()[0], total), s.share()[0]));
        b.append(String.format("%n port 443 (sticky rule), last %d s: %s%n", LabRun.WINDOW_SECS, shares(s.https())));
        b.append(String.format(" UDP flow pinned to wan1 now via %s; pinned to wan2 now via %s%n%n",
                s.udp().get(0), s.udp().get(1)));
        b.append(" measured so far:\n");
        for (PhaseResult r : s.results()) {
            if (r.phase().kind() != Phase.Kind.STEADY) {
                b.append("  ").append(brief(r)).append('\n');
            }
        }
        return b.toString();
    }

    /** One line per second when the output is not a terminal. */
    public static String line(LabSnapshot s) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "[%5.1fs] %-18s", s.elapsedSecs(), s.phase()));
        int total = sum(s.share());
        for (IfaceView v : s.ifaces()) {
            int k = wanIndex(v.name());
            int n = k > 0 && k < s.share().length ? s.share()[k] : 0;
            b.append(String.format(Locale.ROOT, " | %s %s rtt %s loss %d%% flows %d%%", v.name(), state(v), rtt(v),
                    v.lossPercent(), pct(n, total)));
        }
        return b.append(" | failed ").append(s.share()[0]).append(" | udp ").append(s.udp()).toString();
    }

    /** The end-of-run table. */
    public static String summary(List<PhaseResult> results) {
        StringBuilder b = new StringBuilder("\nSummary (times after the fault was injected)\n");
        String fmt = "%-18s %-20s %-10s %-11s %-10s %-16s %s%n";
        b.append(String.format(fmt, "phase", "fault", "detected", "new flows", "UDP flow", "flows 1/2/3/fail", "notes"));
        for (PhaseResult r : results) {
            int[] p = r.perWan();
            b.append(String.format(fmt, r.phase().name(), r.phase().fault(), time(r.detectMs()), time(r.flowsMs()),
                    time(r.udpMs()), p[1] + "/" + p[2] + "/" + p[3] + "/" + p[0], r.note()));
        }
        return b.toString();
    }

    static String brief(PhaseResult r) {
        if (r.phase().kind() == Phase.Kind.LOSS || r.detectMs() < 0 && !r.note().isEmpty()) {
            return String.format("%-18s %s", r.phase().name(), r.note());
        }
        String what = r.phase().kind().recovery() ? "back online" : "detected";
        String flows = r.phase().kind().recovery() ? "new flows back" : "new flows moved";
        StringBuilder b = new StringBuilder(String.format("%-18s %s %s, %s %s", r.phase().name(), what,
                time(r.detectMs()), flows, time(r.flowsMs())));
        if (r.phase().kind().down()) {
            b.append(", UDP flow moved ").append(time(r.udpMs()));
        }
        return r.note().isEmpty() ? b.toString() : b.append(" (").append(r.note()).append(')').toString();
    }

    static String time(long ms) {
        return ms < 0 ? "-" : ms + " ms";
    }

    private static String state(IfaceView v) {
        return v.up() ? v.state() : v.state() + " (down)";
    }

    private static String rtt(IfaceView v) {
        if (v.rttMs() < 0) {
            return "-";
        }
        return v.rttMs() < 1 ? "<1 ms" : String.format(Locale.ROOT, "%.0f ms", v.rttMs());
    }

    private static String shares(int[] counts) {
        int total = sum(counts);
        if (total == 0) {
            return "no flows yet";
        }
        StringBuilder b = new StringBuilder();
        for (int k = 1; k < counts.length; k++) {
            b.append("wan").append(k).append(' ').append(counts[k]).append("  ");
        }
        return b.append("failed ").append(counts[0]).toString();
    }

    private static int wanIndex(String name) {
        return name.startsWith("wan") ? Integer.parseInt(name.substring(3)) : 0;
    }

    private static int sum(int[] a) {
        int s = 0;
        for (int v : a) {
            s += v;
        }
        return s;
    }

    private static int pct(int n, int total) {
        return total == 0 ? 0 : Math.round(100f * n / total);
    }

    private static String bar(int n, int total) {
        return "#".repeat(total == 0 ? 0 : Math.round((float) BAR * n / total));
    }
}
