package net.mwan3.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class TrafficWatchTest {
    private static final Instant T0 = TrackFixtures.T0;
    private static final TrafficTiming TIMING = TrafficTiming.of(TrackFixtures.tracking(5, 5, false));

    /** A driver: counters as the kernel would count them, sampled every 100 ms. */
    private static final class Wan {
        final TrafficWatch watch = new TrafficWatch(TIMING);
        long out;
        long reply;
        Instant now = T0;

        Optional<Suspicion> tick(long newOut, long newReplies) {
            out += newOut;
            reply += newReplies;
            now = now.plusMillis(100);
            return watch.sample(out, reply, now);
        }

        /** Ticks until a suspicion (returned with its time) or {@code ticks} ticks. */
        Instant runUntilSuspected(int ticks, long outPerTick, long repliesPerTick) {
            for (int k = 0; k < ticks; k++) {
                if (tick(outPerTick, repliesPerTick).isPresent()) {
                    return now;
                }
            }
            return null;
        }
    }

    @Test
    void idleInboundOnlyAndAnsweredWansAreNeverSuspected() {
        Wan idle = new Wan();
        assertEquals(null, idle.runUntilSuspected(600, 0, 0), "idle for a minute");
        Wan answered = new Wan();
        assertEquals(null, answered.runUntilSuspected(600, 50, 40), "every sample has replies");
        Wan sparseButAnswered = new Wan();
        for (int k = 0; k < 600; k++) {
            assertFalse(sparseButAnswered.tick(1, k % 5 == 4 ? 1 : 0).isPresent(), "answered within half a second");
        }
    }

    @Test
    void sparseTrafficIsSuspectedAfterASecondOfSilenceDenseAfterHalfASecond() {
        Wan sparse = new Wan();
        sparse.tick(0, 0); // baseline
        Instant start = sparse.now;
        Instant at = null;
        for (int k = 0; k < 50 && at == null; k++) {
            at = sparse.tick(k % 3 == 0 ? 1 : 0, 0).map(x -> sparse.now).orElse(null); // one packet per 300 ms
        }
        assertEquals(Duration.ofMillis(1100), Duration.between(start, at), "first unanswered seen at +100 ms, then 1 s");
        Wan dense = new Wan();
        dense.tick(0, 0);
        Instant denseStart = dense.now;
        Instant denseAt = dense.runUntilSuspected(50, 30, 0);
        assertEquals(Duration.ofMillis(600), Duration.between(denseStart, denseAt));
        // the first of them left between the baseline and the next sample: dated at the midpoint, +50 ms
        assertTrue(dense.watch.suspected().orElseThrow().reason().startsWith("no reply to 180 packet(s) in 0.6 s"),
                dense.watch.suspected().orElseThrow().reason());
        Wan handful = new Wan();
        handful.tick(0, 0);
        Instant handfulStart = handful.now;
        assertEquals(Duration.ofMillis(600), Duration.between(handfulStart, handful.runUntilSuspected(50, 1, 0)),
                "a SYN every 100 ms: five unanswered by half a second");
    }

    @Test
    void aSilenceIsDatedBetweenTwoSamplesWhateverTheirGap() {
        TrafficWatch w = new TrafficWatch(TIMING);
        w.sample(10, 10, T0);
        assertTrue(w.calm(), "nothing sent yet");
        w.sample(20, 11, T0.plusMillis(100));
        assertFalse(w.calm(), "traffic, answered: sampled at the short period");
        w.sample(20, 12, T0.plusMillis(250));
        assertTrue(w.calm(), "idle again");
        w.sample(21, 12, T0.plusMillis(500)); // the packet left in (250, 500] (after the calm period): dated at 375
        assertFalse(w.calm(), "a silence is being timed");
        Instant at = null;
        for (int ms = 600; at == null && ms < 3000; ms += 100) { // the sampler's period while not calm
            Instant now = T0.plusMillis(ms);
            at = w.sample(21, 12, now).map(x -> now).orElse(null);
        }
        assertEquals(T0.plusMillis(1400), at, "the first sample at least 1 s after 375 ms");
        assertFalse(w.calm(), "a burst runs");
        w.burstDone(false);
        w.sample(22, 13, T0.plusMillis(1500));
        assertFalse(w.calm(), "answered, but still sending");
        w.sample(22, 13, T0.plusMillis(1600));
        assertTrue(w.calm(), "idle after the burst");
    }

    @Test
    void silenceIsMeasuredFromTheFirstUnansweredPacketNotFromTheLastReply() {
        Wan w = new Wan();
        w.tick(5, 5);
        w.tick(0, 0);
        for (int k = 0; k < 36_000; k++) {
            w.tick(0, 0); // an hour without traffic
        }
        assertFalse(w.tick(1, 0).isPresent(), "one packet after an hour's quiet is not an hour of silence");
        assertEquals(null, w.runUntilSuspected(9, 0, 0));
        assertTrue(w.tick(0, 0).isPresent(), "but a second later it is");
    }

    @Test
    void aReplyDuringTheBurstMeansItCannotConfirm() {
        Wan w = new Wan();
        w.tick(0, 0);
        assertTrue(w.runUntilSuspected(20, 30, 0) != null);
        assertTrue(w.watch.bursting());
        assertTrue(w.watch.stillSilent());
        w.tick(1, 1);
        assertFalse(w.watch.stillSilent());
        assertTrue(w.watch.suspected().isPresent(), "suspected until the burst ends");
        w.watch.burstDone(false);
        assertFalse(w.watch.suspected().isPresent());
    }

    @Test
    void burstsAreRateLimitedAndBackOffWhileTheyFindTheWanAlive() {
        Wan w = new Wan();
        w.tick(0, 0);
        Instant first = w.runUntilSuspected(20, 1, 0);
        w.watch.burstDone(false);
        Instant second = w.runUntilSuspected(1000, 1, 0);
        assertEquals(Duration.ofSeconds(20), Duration.between(first, second), "twice the interval after a cleared burst");
        w.watch.burstDone(false);
        Instant third = w.runUntilSuspected(1000, 1, 0);
        assertEquals(Duration.ofSeconds(40), Duration.between(second, third));
        w.watch.burstDone(true);
        Instant fourth = w.runUntilSuspected(1000, 1, 0);
        assertEquals(Duration.ofSeconds(10), Duration.between(third, fourth), "a confirmed burst restores the interval");
        for (int k = 0; k < 10; k++) {
            w.watch.burstDone(false);
            w.runUntilSuspected(100_000, 1, 0);
        }
        Instant before = w.now;
        w.watch.burstDone(false);
        Instant capped = w.runUntilSuspected(100_000, 1, 0);
        assertEquals(Duration.ofSeconds(320), Duration.between(before, capped), "at most 32 intervals");
    }

    @Test
    void recreatedCountersAndResetStartAfresh() {
        Wan w = new Wan();
        w.tick(0, 0);
        w.runUntilSuspected(5, 1, 0);
        w.out = 0;
        w.reply = 0;
        assertFalse(w.tick(0, 0).isPresent(), "counters went backwards: a new baseline");
        assertEquals(null, w.runUntilSuspected(4, 1, 0), "the silence restarted with the baseline");
        w.watch.reset();
        assertFalse(w.watch.suspected().isPresent());
        assertFalse(w.tick(1, 0).isPresent());
    }

    @Test
    void aSlowWanIsNeverSilentForLessThanTwoOfItsRoundTrips() {
        Wan satellite = new Wan();
        satellite.watch.roundTrip(700);
        satellite.tick(0, 0);
        Instant start = satellite.now;
        assertEquals(Duration.ofMillis(1500), Duration.between(start, satellite.runUntilSuspected(50, 30, 0)),
                "dense: 2 × 700 ms, not 0.5 s");
        Wan lte = new Wan();
        lte.watch.roundTrip(60);
        lte.tick(0, 0);
        Instant lteStart = lte.now;
        assertEquals(Duration.ofMillis(600), Duration.between(lteStart, lte.runUntilSuspected(50, 30, 0)));
    }

    @Test
    void burstTimeoutFollowsTheWansRepliesWithinTimeout() {
        Duration four = Duration.ofSeconds(4);
        assertEquals(four, TrafficTiming.burstTimeout(four, -1), "nothing measured: the interface's timeout");
        assertEquals(Duration.ofMillis(300), TrafficTiming.burstTimeout(four, 1));
        assertEquals(Duration.ofMillis(800), TrafficTiming.burstTimeout(four, 200));
        assertEquals(four, TrafficTiming.burstTimeout(four, 2000));
        assertEquals(Duration.ofMillis(200), TrafficTiming.burstTimeout(Duration.ofMillis(200), 1));
    }
}
