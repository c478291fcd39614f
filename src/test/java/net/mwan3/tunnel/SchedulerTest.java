package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import net.mwan3.config.TunnelMode;

class SchedulerTest {
    private static final long MS = 1_000_000L;

    /** Paths as arrays. */
    static final class Paths implements PathView {
        final boolean[] up;
        final long[] srtt;
        final long[] rate;

        Paths(int n) {
            up = new boolean[n];
            srtt = new long[n];
            rate = new long[n];
            java.util.Arrays.fill(up, true);
            java.util.Arrays.fill(rate, 1_000_000);
        }

        @Override
        public int count() {
            return up.length;
        }

        @Override
        public boolean up(int p) {
            return up[p];
        }

        @Override
        public long srtt(int p) {
            return srtt[p];
        }

        @Override
        public long rate(int p) {
            return rate[p];
        }
    }

    @Test
    void redundantUsesEveryUpPathAndAllWhenNoneIsUp() {
        Scheduler s = Scheduler.of(TunnelMode.REDUNDANT);
        Paths p = new Paths(3);
        assertEquals(0b111, s.select(p, 100, 0));
        p.up[1] = false;
        assertEquals(0b101, s.select(p, 100, 0));
        p.up[0] = false;
        p.up[2] = false;
        assertEquals(0b111, s.select(p, 100, 0), "nothing known up: try them all");
        assertEquals(0, s.select(new Paths(0), 100, 0));
    }

    @Test
    void failoverPicksTheLowestRttAndSticks() {
        FailoverScheduler s = new FailoverScheduler();
        Paths p = new Paths(3);
        p.srtt[0] = 30 * MS;
        p.srtt[1] = 10 * MS;
        p.srtt[2] = 20 * MS;
        assertEquals(0b010, s.select(p, 100, 0));
        p.srtt[2] = 1 * MS;
        assertEquals(0b010, s.select(p, 100, 0), "sticks while the active path is up");
        p.up[1] = false;
        assertEquals(0b100, s.select(p, 100, 0), "best remaining");
        p.up[1] = true;
        assertEquals(0b100, s.select(p, 100, 0), "no switch back while the new one is up");
        p.up[0] = false;
        p.up[1] = false;
        p.up[2] = false;
        assertEquals(0b100, s.select(p, 100, 0), "none up: keeps the last choice");
        assertEquals(2, s.active());
    }

    @Test
    void failoverWithoutRttsTakesConfigOrder() {
        Paths p = new Paths(2);
        p.up[0] = false;
        assertEquals(0b10, new FailoverScheduler().select(p, 100, 0));
        p.up[1] = false;
        assertEquals(0b01, new FailoverScheduler().select(p, 100, 0), "nothing up at start: path 0");
    }

    @Test
    void aggregateSplitsInProportionToRatesUnderLoad() {
        int[] counts = shares(80_000_000 / 8, 20_000_000 / 8, 0, 0);
        assertEquals(8000, counts[0], 10);
        assertEquals(2000, counts[1], 10);
    }

    @Test
    void aggregateNeverPutsEverythingOnTheSlowPath() {
        for (int slow = 1; slow <= 100; slow *= 10) {
            int[] counts = shares(1000L * slow, 1_000_000, 0, 0);
            assertTrue(counts[1] > counts[0], "fast path carries most at slow rate " + slow);
            assertTrue(counts[0] < 10_000 / 2, "slow path below half");
        }
    }

    @Test
    void aggregateDiscountsAPathWhoseRttIsFarWorse() {
        int[] counts = shares(1_000_000, 1_000_000, 10 * MS, 210 * MS);
        assertTrue(counts[1] < 1500, "rtt 210 vs 10 ms: weight cut to 30/210 of its rate: " + counts[1]);
        int[] close = shares(1_000_000, 1_000_000, 10 * MS, 25 * MS);
        assertEquals(5000, close[1], 10, "within the slack: equal");
    }

    @Test
    void aggregateLeavesOutDownPaths() {
        AggregateScheduler s = new AggregateScheduler();
        Paths p = new Paths(2);
        p.up[0] = false;
        p.rate[1] = 1_000_000;
        for (int i = 0; i < 100; i++) {
            assertEquals(0b10, s.select(p, 1000, 0));
        }
    }

    @Test
    void aggregateSavesNoIdleTimeAsABurstForOnePath() {
        AggregateScheduler s = new AggregateScheduler();
        Paths p = new Paths(2);
        p.rate[0] = 1_000_000;
        p.rate[1] = 1_000_000;
        p.up[1] = false;
        for (int i = 0; i < 100; i++) {
            s.select(p, 1000, 0); // path 0 booked 100 ms ahead while path 1 was down
        }
        p.up[1] = true;
        int onZero = 0;
        for (int i = 0; i < 20; i++) {
            onZero += s.select(p, 1000, 500 * MS) == 0b01 ? 1 : 0;
        }
        assertEquals(10, onZero, 1, "both clocks start from now: the shares are even at once");
    }

    @Test
    void aggregateAtLightLoadUsesTheFasterPath() {
        AggregateScheduler s = new AggregateScheduler();
        Paths p = new Paths(2);
        p.rate[0] = 1_000_000;
        p.rate[1] = 5_000_000;
        for (int i = 0; i < 50; i++) {
            assertEquals(0b10, s.select(p, 1000, i * 10 * MS), "one packet per 10 ms fits the fast path");
        }
    }

    private static int[] shares(long rate0, long rate1, long rtt0, long rtt1) {
        AggregateScheduler s = new AggregateScheduler();
        Paths p = new Paths(2);
        p.rate[0] = rate0;
        p.rate[1] = rate1;
        p.srtt[0] = rtt0;
        p.srtt[1] = rtt1;
        int[] counts = new int[2];
        for (int i = 0; i < 10_000; i++) {
            counts[Long.numberOfTrailingZeros(s.select(p, 1200, 0))]++;
        }
        return counts;
    }

    /** T12: every mode drops a path whose WAN went offline with the very next packet, and takes it back. */
    @Test
    void aPathWhoseWanIsOfflineLeavesEveryModeAtOnce() {
        for (TunnelMode mode : TunnelMode.values()) {
            PathHealth[] health = {new PathHealth(100 * MS, 3, 2), new PathHealth(100 * MS, 3, 2)};
            for (PathHealth h : health) {
                h.onBeat(0);
                h.onBeat(100 * MS);
            }
            Paths paths = new Paths(2);
            Scheduler s = Scheduler.of(mode);
            long union = 0;
            for (int i = 0; i < 20; i++) {
                union |= s.select(paths, 1000, 110 * MS + i);
            }
            assertTrue((union & 1) != 0, mode + " used path 0 while its WAN was online");
            health[0].setUsable(false, 120 * MS);
            paths.up[0] = health[0].up();
            for (int i = 0; i < 20; i++) {
                assertEquals(2L, s.select(paths, 1000, 120 * MS + i), mode + ": only path 1, packet " + i);
            }
            health[0].onBeat(200 * MS);
            health[0].setUsable(true, 210 * MS);
            paths.up[0] = health[0].up();
            paths.up[1] = false;
            assertEquals(1L, s.select(paths, 1000, 220 * MS), mode + ": path 0 is back");
        }
    }
}
