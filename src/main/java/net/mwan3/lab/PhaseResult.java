package net.mwan3.lab;

import java.util.List;
import java.util.Set;

/**
 * What one phase showed, computed from what was recorded (pure: times come in as arguments).
 * Times are milliseconds after the fault was injected, -1 when not observed.
 *
 * @param detectMs  until the daemon reported the change (alert-script event: disconnected/ifdown,
 *                  or connected on recovery)
 * @param flowsMs   until new flows stopped failing, using the faulted WAN or needing a SYN
 *                  retransmission (recovery: until the first new flow used it again)
 * @param udpMs     until the long-lived UDP flow pinned to the faulted WAN answered via another one
 * @param perWan    new flows that started in the phase: index 0 failed, 1..3 per WAN
 */
public record PhaseResult(Phase phase, long detectMs, long flowsMs, long udpMs, int[] perWan, String note) {
    private static final Set<String> DOWN = Set.of("disconnected", "ifdown");
    private static final Set<String> UP = Set.of("connected");
    /** A new connection slower than this needed a retransmission: it was hit by the fault. */
    static final long SLOW_MS = 500;

    /** When a phase started, on both clocks (flows use nanoTime, the alert script wall time). */
    public record Start(long nanos, long epochMs) {
    }

    public static PhaseResult measure(Phase p, Start start, List<Flow> flows, List<String> events,
                                      List<UdpFlow.Reply> udp) {
        int[] per = new int[4];
        flows.forEach(f -> per[f.wan()]++);
        String iface = "wan" + p.wan();
        long detect = -1;
        long moved = -1;
        long udpMs = -1;
        String note = "";
        if (p.kind().down()) {
            detect = eventMs(events, start.epochMs(), iface, DOWN);
            moved = flowsLeftMs(flows, start.nanos(), p.wan());
            udpMs = udp == null ? -1 : udpMovedMs(udp, start.nanos(), Topology.wanAddress(p.wan()));
        } else if (p.kind().recovery()) {
            detect = eventMs(events, start.epochMs(), iface, UP);
            moved = flows.stream().filter(f -> f.wan() == p.wan()).mapToLong(f -> ms(f.startNanos() - start.nanos()))
                    .findFirst().orElse(-1);
            note = detect < 0 && p.kind() == Phase.Kind.CLEAR ? iface + " had stayed online" : "";
        } else if (p.kind() == Phase.Kind.STEADY) {
            note = steady(flows);
        } else if (p.kind() == Phase.Kind.LOSS) {
            detect = eventMs(events, start.epochMs(), iface, DOWN);
            long on = flows.stream().filter(f -> f.wan() == p.wan()).count();
            note = (detect < 0 ? "tolerated: " + iface + " stayed online" : iface + " went offline")
                    + "; " + on + " new flows made it via " + iface + ", " + per[0] + " failed";
        }
        return new PhaseResult(p, detect, moved, udpMs, per, note);
    }

    /** First event of {@code actions} for {@code iface} at or after {@code sinceEpochMs}. */
    static long eventMs(List<String> events, long sinceEpochMs, String iface, Set<String> actions) {
        for (String line : events) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 3 || !actions.contains(f[1]) || !f[2].equals(iface)) {
                continue;
            }
            long at = Math.round(Double.parseDouble(f[0]) * 1000);
            if (at >= sinceEpochMs) {
                return at - sinceEpochMs;
            }
        }
        return -1;
    }

    /**
     * Time from the fault to the first new flow after which no flow of the phase failed or used
     * {@code wan}; -1 if the last flow was still bad.
     */
    static long flowsLeftMs(List<Flow> flows, long since, int wan) {
        int lastBad = -1;
        for (int i = 0; i < flows.size(); i++) {
            Flow f = flows.get(i);
            if (f.failed() || f.wan() == wan || ms(f.endNanos() - f.startNanos()) > SLOW_MS) {
                lastBad = i;
            }
        }
        if (flows.isEmpty() || lastBad == flows.size() - 1) {
            return -1;
        }
        return Math.max(0, ms(flows.get(lastBad + 1).startNanos() - since));
    }

    /** How balanced and sticky flows spread while nothing is wrong. */
    static String steady(List<Flow> flows) {
        int[] balanced = new int[4];
        int[] https = new int[4];
        flows.forEach(f -> (f.port() == LabConfig.HTTPS_PORT ? https : balanced)[f.wan()]++);
        int n = balanced[1] + balanced[2] + balanced[3];
        StringBuilder b = new StringBuilder("port 8080 split");
        for (int k = 1; k <= 3; k++) {
            b.append(k == 1 ? " " : ":").append(n == 0 ? 0 : Math.round(100f * balanced[k] / n));
        }
        b.append(" % (weights 3:2:1); port 443 (sticky)");
        for (int k = 1; k <= 3; k++) {
            if (https[k] > 0) {
                b.append(" ").append(https[k]).append(" via wan").append(k);
            }
        }
        return b.toString();
    }

    static long udpMovedMs(List<UdpFlow.Reply> replies, long since, String faultedAddress) {
        for (UdpFlow.Reply r : replies) {
            if (r.nanos() >= since && TcpTraffic.wanOf(r.seenAs()) != 0 && !r.seenAs().equals(faultedAddress)) {
                return ms(r.nanos() - since);
            }
        }
        return -1;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /** Whether this phase measured what it is there to show. */
    public boolean measured() {
        if (phase.kind().down()) {
            return detectMs >= 0 && flowsMs >= 0;
        }
        if (phase.kind().recovery()) {
            return flowsMs >= 0;
        }
        return true;
    }
}
