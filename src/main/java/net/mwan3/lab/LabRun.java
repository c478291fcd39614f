package net.mwan3.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives the lab's schedule: traffic from the LAN, one fault per phase, the live display, and the
 * measurements. Results are final only after the traffic stopped (a flow that started near the end
 * of a phase finishes later), so the live display shows provisional ones.
 */
final class LabRun {
    static final int WINDOW_SECS = 3;
    static final int FLOW_SPACING_MS = 30;
    static final int HTTPS_EVERY = 4;
    static final int UDP_SPACING_MS = 10;
    static final int SAMPLE_MS = 250;

    private final LabSession session;
    private final List<Phase> schedule;
    private final PrintStream out;
    private final boolean tty;
    private final List<PhaseResult.Start> starts = new ArrayList<>();
    private TcpTraffic traffic;
    private List<UdpFlow> udp;
    private final LossWindow loss = new LossWindow(WINDOW_SECS * 1000 / SAMPLE_MS);
    private long begin;
    private long ticks;

    LabRun(LabSession session, List<Phase> schedule, PrintStream out, boolean tty) {
        this.session = session;
        this.schedule = schedule;
        this.out = out;
        this.tty = tty;
    }

    List<PhaseResult> run() throws InterruptedException {
        Topology t = session.topology();
        Faults faults = t.faults();
        traffic = new TcpTraffic(t.lan(), FLOW_SPACING_MS, HTTPS_EVERY);
        udp = List.of(udpFlow(t, LabConfig.UDP_PORT_WAN1), udpFlow(t, LabConfig.UDP_PORT_WAN2));
        try {
            begin = System.nanoTime();
            for (Phase p : schedule) {
                starts.add(new PhaseResult.Start(System.nanoTime(), System.currentTimeMillis()));
                p.apply(faults);
                watch(p, starts.get(starts.size() - 1).nanos() + p.length().toNanos());
            }
        } finally {
            traffic.close();
            udp.forEach(UdpFlow::close);
        }
        return results(Long.MAX_VALUE);
    }

    private static UdpFlow udpFlow(Topology t, int sourcePort) {
        return new UdpFlow(t.lan(), Topology.LAN_CLIENT, sourcePort, Topology.SERVER, Topology.SERVER_PORT,
                UDP_SPACING_MS);
    }

    /**
     * Samples the daemon's status every {@link #SAMPLE_MS} until {@code endNanos} and redraws every
     * 500 ms on a terminal, else prints a line a second.
     */
    private void watch(Phase p, long endNanos) throws InterruptedException {
        int every = (tty ? 500 : 1000) / SAMPLE_MS;
        while (true) {
            long now = System.nanoTime();
            if (now >= endNanos) {
                return;
            }
            List<IfaceView> ifaces = loss.add(IfaceView.parse(status()));
            if (ticks++ % every == 0) {
                LabSnapshot s = snapshot(p, now, ifaces);
                out.print(tty ? LabScreen.CLEAR + LabScreen.frame(s) : LabScreen.line(s) + "\n");
                out.flush();
            }
            Thread.sleep(Math.min(SAMPLE_MS, Math.max(1, (endNanos - System.nanoTime()) / 1_000_000)));
        }
    }

    private String status() {
        try {
            return session.router().call("status", "--json", "interfaces").text();
        } catch (IOException e) {
            return "";
        }
    }

    private LabSnapshot snapshot(Phase p, long now, List<IfaceView> ifaces) {
        long phaseStart = starts.get(starts.size() - 1).nanos();
        int[] share = new int[4];
        int[] https = new int[4];
        for (Flow f : traffic.between(now - WINDOW_SECS * 1_000_000_000L, now)) {
            (f.port() == LabConfig.HTTPS_PORT ? https : share)[f.wan()]++;
        }
        List<String> via = new ArrayList<>();
        for (UdpFlow u : udp) {
            UdpFlow.Reply last = u.last();
            int k = last == null || now - last.nanos() > 500_000_000L ? 0 : TcpTraffic.wanOf(last.seenAs());
            via.add(k == 0 ? "(no reply)" : "wan" + k);
        }
        return new LabSnapshot(p.name(), starts.size(), schedule.size(), (now - phaseStart) / 1e9,
                p.length().toMillis() / 1000.0, (now - begin) / 1e9, ifaces, share, https, via,
                results(now));
    }

    /** Results of the phases started so far, counting flows that started before {@code until}. */
    private List<PhaseResult> results(long until) {
        List<PhaseResult> out = new ArrayList<>();
        List<String> events = session.router().events();
        for (int i = 0; i < starts.size(); i++) {
            Phase p = schedule.get(i);
            long end = i + 1 < starts.size() ? starts.get(i + 1).nanos() : until;
            List<UdpFlow.Reply> replies = p.wan() == 1 ? udp.get(0).replies() : p.wan() == 2 ? udp.get(1).replies() : null;
            out.add(PhaseResult.measure(p, starts.get(i), traffic.between(starts.get(i).nanos(), end), events,
                    replies));
        }
        return out;
    }
}
