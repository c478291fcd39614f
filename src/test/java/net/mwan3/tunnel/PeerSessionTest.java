package net.mwan3.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import net.mwan3.tunnel.PeerSession.Verdict;

class PeerSessionTest {
    private static final int NOW = 50_000_000;
    private final PeerSession s = new PeerSession();

    @Test
    void aFirstBeatWithoutEchoIsOnlyACandidateAndItsDataIsRefused() {
        assertEquals(Verdict.CANDIDATE, s.beat(7, 0, 0, 0, NOW));
        assertEquals(Verdict.CANDIDATE, s.data(7));
        assertEquals(0, s.adoptions());
    }

    @Test
    void aBeatEchoingOurRecentClockAdoptsTheSessionAndItsDataFlows() {
        assertEquals(Verdict.ADOPTED, s.beat(7, 0, 3, NOW - 40_000, NOW));
        assertEquals(Verdict.CURRENT, s.data(7));
        assertEquals(Verdict.CURRENT, s.beat(7, 0, 4, NOW, NOW + 100_000));
        assertEquals(1, s.adoptions());
    }

    @Test
    void anEchoOlderThanTheFreshnessBoundOrFromTheFutureDoesNotAdopt() {
        assertEquals(Verdict.CANDIDATE, s.beat(7, 0, 1, NOW - PeerSession.FRESH_MICROS - 1, NOW));
        assertEquals(Verdict.CANDIDATE, s.beat(7, 0, 2, NOW + 1, NOW));
        assertEquals(Verdict.ADOPTED, s.beat(7, 0, 3, NOW - PeerSession.FRESH_MICROS, NOW));
    }

    @Test
    void freshnessWorksAcrossTheWrapOfTheMicrosecondClock() {
        assertTrue(PeerSession.live(Integer.MAX_VALUE - 10, Integer.MIN_VALUE + 10));
        assertFalse(PeerSession.live(Integer.MIN_VALUE + 10, Integer.MAX_VALUE - 10));
    }

    /** The bug this class fixes: a recorded datagram of the peer's old session must not reset our windows. */
    @Test
    void aReplayedOldSessionNeverComesBackAfterThePeerRestarted() {
        assertEquals(Verdict.ADOPTED, s.beat(1, 0, 10, NOW - 1000, NOW));
        assertEquals(Verdict.ADOPTED, s.beat(2, 0, 0, NOW + 100_000, NOW + 150_000));
        assertEquals(Verdict.REPLAY, s.beat(1, 0, 11, NOW + 140_000, NOW + 150_000), "even with a live echo");
        assertEquals(Verdict.REPLAY, s.data(1));
        assertEquals(Verdict.CURRENT, s.data(2));
        assertEquals(2, s.adoptions());
    }

    @Test
    void aStaleRecordingOfASessionNeverSeenCannotTakeOver() {
        s.beat(1, 0, 10, NOW - 1000, NOW);
        assertEquals(Verdict.CANDIDATE, s.beat(99, 0, 5, NOW - 60_000_000, NOW + 1000));
        assertEquals(Verdict.CURRENT, s.data(1));
    }

    @Test
    void aBeatNotNewerThanTheLastOnItsPathIsAReplayButOtherPathsCountApart() {
        s.beat(1, 0, 10, NOW - 1000, NOW);
        assertEquals(Verdict.REPLAY, s.beat(1, 0, 10, NOW, NOW));
        assertEquals(Verdict.REPLAY, s.beat(1, 0, 9, NOW, NOW));
        assertEquals(Verdict.CURRENT, s.beat(1, 1, 2, NOW, NOW));
        assertEquals(Verdict.CURRENT, s.beat(1, 0, 11, NOW, NOW));
        assertEquals(Verdict.CURRENT, s.beat(1, 0, 0xFFFF_FFF0, NOW, NOW), "path seqs compare unsigned");
    }

    @Test
    void afterAdoptionPathSequencesStartAnew() {
        s.beat(1, 0, 1000, NOW - 1000, NOW);
        s.beat(1, 1, 1000, NOW - 1000, NOW);
        assertEquals(Verdict.ADOPTED, s.beat(2, 0, 0, NOW, NOW + 10));
        assertEquals(Verdict.CURRENT, s.beat(2, 1, 0, NOW, NOW + 10));
    }

    @Test
    void onlyTheLastFewRetiredSessionsAreRemembered() {
        for (int i = 1; i <= 20; i++) {
            assertEquals(Verdict.ADOPTED, s.beat(i, 0, 0, NOW, NOW));
        }
        assertEquals(Verdict.REPLAY, s.data(19));
        assertEquals(Verdict.REPLAY, s.data(12));
        assertEquals(Verdict.CANDIDATE, s.data(3), "forgotten, but a live beat is still needed to adopt it");
    }
}
