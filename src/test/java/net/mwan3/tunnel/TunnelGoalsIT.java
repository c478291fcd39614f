package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import net.mwan3.testing.NetnsSupport;

/**
 * The tunnel goals of the reference (§4, T1–T13) in namespaces, impaired as its §5 says: htb for rate, nft
 * {@code numgen} for loss. Every figure is compared with a baseline measured in the same test (a single path, a
 * raw link), with margins wide enough for a busy 2-core machine; the numbers are printed. Rates are scaled down
 * (20 Mbit links instead of 50–80) so the tunnel's CPU is never what is measured here; the benchmark does that.
 *
 * <p>Aggregate TCP goodput (T4, T5): with the weights learned from full paths (see {@link RateEstimator}) and no
 * pacing, the lab measured 20+20 Mbit at 1.82x–1.88x one link on a quiet machine, and 20+5 Mbit at 1.13x–1.15x
 * the fast link (89–91 % of the sum) in five quiet runs. With builds running beside it, single runs fell to 1.45x
 * (20+20) and once to 0.83x the fast link (20+5).
 * The assertions are floors with a margin below what was seen: 1.25x one link, and 0.85x the fast link (the
 * goal is ≥ 1x; a collapse to N × the slowest link, the failure this guards against, would be 0.5x). The goal
 * figures themselves belong to the benchmark.
 */
class TunnelGoalsIT {

    /** T1: 10 % loss on each of two paths (client to server); redundant loses about 1 %, one path about 10 %. */
    @Test
    void redundantLossIsAboutTheProductOfThePathLosses() throws Exception {
        NetnsSupport.assumeAvailable();
        try (TunnelLab lab = new TunnelLab("redundant")) {
            lab.start();
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up");
            Iperf.server(lab, lab.srv);
            lab.loss("p1", 10);
            lab.loss("p2", 10);
            Iperf both = Iperf.run(lab.cli, "192.0.2.2", 10, "-u", "-b", "8M", "-l", "1000");
            lab.cut("p2");
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 down");
            Iperf one = Iperf.run(lab.cli, "192.0.2.2", 6, "-u", "-b", "8M", "-l", "1000");
            System.out.printf("T1 redundant 10%%+10%%: %.2f %% of %d lost; one path at 10%%: %.2f %% of %d%n",
                    both.lostPercent(), both.packets(), one.lostPercent(), one.packets());
            assertTrue(both.packets() >= 8000 && one.packets() >= 4000, "enough packets for the statistics");
            assertTrue(one.lostPercent() > 5 && one.lostPercent() < 16, "the single path really loses ~10 %");
            assertTrue(both.lostPercent() < 3, "redundant: ~1 % expected, got " + both.lostPercent());
            assertTrue(both.lostPercent() * 3 < one.lostPercent(), "redundant far below one path");
        }
    }

    /** T4: aggregate over two equal 20 Mbit links carries nearly two links' TCP goodput. */
    @Test
    void aggregateOnEqualLinksIsWellAboveOneLink() throws Exception {
        NetnsSupport.assumeAvailable();
        try (TunnelLab lab = new TunnelLab("aggregate")) {
            lab.startShaped(20, 20);
            Iperf raw = Iperf.run(lab.cli, "198.18.1.2", 5);
            Iperf tunnel = Iperf.run(lab.cli, "192.0.2.2", 10, "-O", "2");
            System.out.printf("T4 aggregate 20+20 Mbit: tunnel %.1f Mbit/s, one raw link %.1f Mbit/s (%.2fx)%n",
                    tunnel.mbit(), raw.mbit(), tunnel.mbit() / raw.mbit());
            assertTrue(raw.mbit() > 10, "the raw link works: " + raw.mbit());
            assertTrue(tunnel.mbit() >= 1.25 * raw.mbit(), "aggregate adds the second link (goal 1.8x, see class doc)");
        }
    }

    /**
     * T5: aggregate over unequal 20 + 5 Mbit links is not below the best single link (within the lab's noise, see
     * the class doc), far from the collapse to twice the slow link (10 Mbit).
     */
    @Test
    void aggregateOnUnequalLinksIsNotBelowTheBestLink() throws Exception {
        NetnsSupport.assumeAvailable();
        try (TunnelLab lab = new TunnelLab("aggregate")) {
            lab.startShaped(20, 5);
            Iperf fast = Iperf.run(lab.cli, "198.18.1.2", 5);
            Iperf slow = Iperf.run(lab.cli, "198.18.2.2", 5);
            Iperf tunnel = Iperf.run(lab.cli, "192.0.2.2", 10, "-O", "2");
            System.out.printf("T5 aggregate 20+5 Mbit: tunnel %.1f Mbit/s, raw links %.1f + %.1f (%.0f %% of the sum)%n",
                    tunnel.mbit(), fast.mbit(), slow.mbit(), 100 * tunnel.mbit() / (fast.mbit() + slow.mbit()));
            assertTrue(fast.mbit() > 2 * slow.mbit(), "the links really differ");
            assertTrue(tunnel.mbit() >= 0.85 * fast.mbit(), "about the fast link or better (see class doc)");
        }
    }

    /** T6, T7: the path carrying a TCP stream is blackholed for 3 s; the stream goes on over the other. */
    @ParameterizedTest
    @ValueSource(strings = {"aggregate", "failover"})
    void aTcpStreamSurvivesABlackholedPath(String mode) throws Exception {
        NetnsSupport.assumeAvailable();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (TunnelLab lab = new TunnelLab(mode)) {
            lab.startShaped(20, 20);
            timer.schedule(() -> lab.cut("p1"), 2, TimeUnit.SECONDS);
            AtomicLong cutDrops = new AtomicLong();
            timer.schedule(() -> {
                cutDrops.set(lab.cutDrops());
                lab.heal();
            }, 5, TimeUnit.SECONDS);
            Iperf tcp = Iperf.run(lab.cli, "192.0.2.2", 8);
            System.out.printf("T6/T7 %s, path 1 cut 2-5 s: bytes per second %s, retransmits %d, cut drops %d%n",
                    mode, tcp.intervalBytes(), tcp.retransmits(), cutDrops.get());
            assertTrue(cutDrops.get() > 0, "the cut matched tunnel traffic");
            assertEquals(8, tcp.intervalBytes().size(), "the stream ran its 8 s");
            assertTrue(tcp.intervalBytes().get(3) > 0 && tcp.intervalBytes().get(4) > 0,
                    "data flowed during the cut (seconds 3-5)");
            assertTrue(tcp.intervalBytes().get(4) > tcp.intervalBytes().get(1) / 4,
                    "and at a real rate, not a trickle");
        } finally {
            timer.shutdownNow();
        }
    }

    /** T13: either end restarts (killed, no goodbye); the tunnel resumes by itself. */
    @Test
    void theTunnelResumesAfterEitherEndRestarts() throws Exception {
        NetnsSupport.assumeAvailable();
        try (TunnelLab lab = new TunnelLab("redundant")) {
            lab.start();
            lab.awaitStatus("cli", "path 1 wan2->198.18.0.1:7000 up");
            assertEquals(5, TunnelLab.received(lab.ping(5, "0.05")));
            for (String side : new String[] {"srv", "cli"}) {
                long t0 = System.nanoTime();
                lab.restart(side);
                long resumed = awaitPing(lab, 30);
                System.out.printf("T13 %s restarted: ping through the tunnel again after %d ms (process start"
                        + " included)%n", side, (resumed - t0) / 1_000_000);
                assertEquals(20, TunnelLab.received(lab.ping(20, "0.01")), "steady after the " + side + " restart");
            }
            assertTrue(lab.counter("srv", "sessions") >= 1);
        }
    }

    /** Pings once a second until one answer comes (up to {@code seconds}); returns when. */
    private static long awaitPing(TunnelLab lab, int seconds) throws Exception {
        for (int i = 0; i < seconds * 4; i++) {
            Process ping = lab.ping(1, "0.2");
            String out = new String(ping.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (ping.waitFor() == 0 && out.contains("1 received")) {
                return System.nanoTime();
            }
            Thread.sleep(100); // the device may not exist yet: ping fails at once
        }
        throw new AssertionError("the tunnel did not resume in " + seconds + " s; cli:\n" + lab.status("cli")
                + "\nsrv:\n" + lab.status("srv"));
    }
}
