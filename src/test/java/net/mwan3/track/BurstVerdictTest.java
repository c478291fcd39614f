package net.mwan3.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.mwan3.config.InitialState;
import net.mwan3.config.Tracking;

class BurstVerdictTest {
    private static final Tracking TWO = TrackFixtures.tracking(TrackFixtures.TWO, 1, 5, 5, false, false);
    private static final RoundEvaluator EVAL = new RoundEvaluator(TWO);

    private static List<List<ProbeOutcome>> outcomes(int probes, int answeredAt) {
        List<ProbeOutcome> failed = Collections.nCopies(probes, ProbeOutcome.failed());
        List<ProbeOutcome> second = new java.util.ArrayList<>(failed);
        if (answeredAt >= 0) {
            second.set(answeredAt, ProbeOutcome.succeeded());
        }
        return List.of(failed, second);
    }

    @Test
    void oneGoodRoundPassesTheBurst() {
        assertTrue(BurstVerdict.judge(EVAL, outcomes(5, 3)).passed());
        BurstVerdict failed = BurstVerdict.judge(EVAL, outcomes(5, -1));
        assertFalse(failed.passed());
        assertEquals(5, failed.rounds().size());
        assertEquals(2, failed.rounds().get(0).downCount(), "both targets lost in each round");
    }

    @Test
    void reliabilityTwoNeedsBothTargetsInOneRound() {
        RoundEvaluator both = new RoundEvaluator(TrackFixtures.tracking(TrackFixtures.TWO, 2, 5, 5, false, false));
        assertFalse(BurstVerdict.judge(both, outcomes(5, 0)).passed(), "one target alone is not a good round");
    }

    @Test
    void aFailedBurstFromFullHealthIsDownFailedRounds() {
        ScoreMachine m = new ScoreMachine(TWO, InitialState.ONLINE);
        Instant t = TrackFixtures.T0;
        m.firstConnect(t);
        TrackStep s = m.onFailedBurst(BurstVerdict.judge(EVAL, outcomes(5, -1)), t);
        assertEquals(List.of(TrackEvent.DISCONNECTING, TrackEvent.DISCONNECTED), s.events());
        assertEquals(TrackerState.OFFLINE, s.state());
        assertEquals(0, s.score());
        assertEquals(TrackFixtures.FAILURE, s.sleep().orElseThrow(), "as the round that declares offline");
        assertEquals(10, m.snapshot().lost(), "five rounds of two lost targets");
        assertEquals(5, m.snapshot().turn());
    }

    @Test
    void whileDisconnectingOnlyTheRoundsStillNeededApply() {
        ScoreMachine m = new ScoreMachine(TWO, InitialState.ONLINE);
        Instant t = TrackFixtures.T0;
        m.firstConnect(t);
        m.onRound(TrackFixtures.bad(2), t);
        m.onRound(TrackFixtures.bad(2), t);
        TrackStep s = m.onFailedBurst(BurstVerdict.judge(EVAL, outcomes(5, -1)), t);
        assertEquals(List.of(TrackEvent.DISCONNECTED), s.events(), "disconnecting was emitted by the rounds");
        assertEquals(5, m.snapshot().turn(), "two rounds, then three of the burst");
    }

    @Test
    void aPassedBurstIsNoInputAndAnOfflineMachineTakesNone() {
        ScoreMachine m = new ScoreMachine(TWO, InitialState.OFFLINE);
        m.firstConnect(TrackFixtures.T0);
        assertThrows(IllegalArgumentException.class, () -> m.onFailedBurst(BurstVerdict.judge(EVAL, outcomes(5, 1)),
                TrackFixtures.T0));
        TrackStep s = m.onFailedBurst(BurstVerdict.judge(EVAL, outcomes(5, -1)), TrackFixtures.T0);
        assertTrue(s.events().isEmpty());
        assertEquals(0, m.snapshot().turn());
    }
}
