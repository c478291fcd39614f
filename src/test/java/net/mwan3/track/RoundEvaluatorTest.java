package net.mwan3.track;

import static net.mwan3.track.TargetStatus.DOWN;
import static net.mwan3.track.TargetStatus.SKIPPED;
import static net.mwan3.track.TargetStatus.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

class RoundEvaluatorTest {

    private static final List<String> FOUR = List.of("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4");
    private static final ProbeOutcome OK = ProbeOutcome.succeeded();
    private static final ProbeOutcome KO = ProbeOutcome.failed();

    private static RoundEvaluator plain(List<String> targets, int reliability) {
        return new RoundEvaluator(targets, reliability, false, TrackFixtures.QUALITY);
    }

    private static RoundEvaluator quality() {
        return new RoundEvaluator(List.of("192.0.2.1"), 1, true, TrackFixtures.QUALITY);
    }

    private static List<TargetStatus> statuses(RoundVerdict v) {
        return v.targets().stream().map(TargetResult::status).toList();
    }

    @Test
    void reliabilityOneSkipsTheSecondTargetOnceTheFirstAnswers() {
        RoundVerdict v = plain(TrackFixtures.TWO, 1).evaluate(List.of(OK, OK));
        assertEquals(List.of(UP, SKIPPED), statuses(v));
        assertTrue(v.up());
        assertEquals(1, v.upCount());
        assertEquals(0, v.downCount());
    }

    @Test
    void aFailedFirstTargetIsLostAndTheNextOneIsProbed() {
        RoundVerdict v = plain(TrackFixtures.TWO, 1).evaluate(List.of(KO, OK));
        assertEquals(List.of(DOWN, UP), statuses(v));
        assertTrue(v.up());
        assertEquals(1, v.downCount());
    }

    @Test
    void allTargetsDownMakesABadRound() {
        RoundVerdict v = plain(TrackFixtures.TWO, 1).evaluate(List.of(KO, KO));
        assertEquals(List.of(DOWN, DOWN), statuses(v));
        assertFalse(v.up());
        assertEquals(2, v.downCount());
    }

    @Test
    void reliabilityTwoSkipsOnlyAfterTheSecondSuccess() {
        RoundEvaluator e = plain(FOUR, 2);
        assertEquals(List.of(UP, DOWN, UP, SKIPPED), statuses(e.evaluate(List.of(OK, KO, OK, KO))));
        assertEquals(List.of(UP, UP, SKIPPED, SKIPPED), statuses(e.evaluate(List.of(OK, OK, KO, KO))));
        RoundVerdict one = e.evaluate(List.of(KO, KO, KO, OK));
        assertEquals(List.of(DOWN, DOWN, DOWN, UP), statuses(one));
        assertFalse(one.up(), "one success is not enough for reliability 2");
    }

    @Test
    void resultsOfTargetsMwan3WouldNotProbeAreDiscarded() {
        TargetResult skipped = plain(TrackFixtures.TWO, 1)
                .evaluate(List.of(OK, ProbeOutcome.measured(true, 12, 0))).targets().get(1);
        assertEquals(TargetResult.skipped("198.51.100.1"), skipped);
    }

    @Test
    void reliabilityAboveTheTargetCountNeverSucceeds() {
        RoundVerdict v = plain(TrackFixtures.TWO, 3).evaluate(List.of(OK, OK));
        assertEquals(List.of(UP, UP), statuses(v));
        assertFalse(v.up());
    }

    @Test
    void mustProbeListsOnlyTargetsMwan3WouldProbeWhateverTheOutstandingResults() {
        RoundProgress p = plain(FOUR, 2).begin();
        assertEquals(List.of(0, 1), p.mustProbe());
        p = p.with(1, KO);
        assertEquals(List.of(0, 2), p.mustProbe(), "target 1 failed, so a third target is needed");
        p = p.with(0, OK);
        assertEquals(List.of(2), p.mustProbe());
        p = p.with(2, OK);
        assertTrue(p.complete());
        assertEquals(List.of(UP, DOWN, UP, SKIPPED), statuses(p.verdict()));
    }

    @Test
    void anEarlierTargetIsStillNeededWhenALaterOneAnsweredFirst() {
        RoundProgress p = plain(TrackFixtures.TWO, 1).begin().with(1, OK);
        assertEquals(List.of(0), p.mustProbe());
        assertThrows(IllegalStateException.class, p::verdict);
        RoundVerdict v = p.with(0, OK).verdict();
        assertEquals(List.of(UP, SKIPPED), statuses(v), "mwan3 probes in order: the first answer wins");
    }

    @Test
    void anOutcomeCannotBeRecordedTwice() {
        RoundProgress p = plain(TrackFixtures.TWO, 1).begin().with(0, KO);
        assertThrows(IllegalStateException.class, () -> p.with(0, OK));
    }

    @Test
    void reliabilityZeroSkipsEverythingAndSucceeds() {
        RoundProgress p = plain(TrackFixtures.TWO, 0).begin();
        assertTrue(p.complete());
        assertEquals(List.of(SKIPPED, SKIPPED), statuses(p.verdict()));
        assertTrue(p.verdict().up());
    }

    @Test
    void checkQualityThresholdsAreInclusive() {
        RoundEvaluator e = quality();
        assertEquals(UP, e.judge("192.0.2.1", ProbeOutcome.measured(true, 500, 10)).status());
        assertEquals(DOWN, e.judge("192.0.2.1", ProbeOutcome.measured(true, 1000, 0)).status());
        assertEquals(DOWN, e.judge("192.0.2.1", ProbeOutcome.measured(true, 20, 40)).status());
        assertEquals(SKIPPED, e.judge("192.0.2.1", ProbeOutcome.measured(true, 501, 0)).status());
        assertEquals(SKIPPED, e.judge("192.0.2.1", ProbeOutcome.measured(true, 20, 11)).status());
        assertEquals(SKIPPED, e.judge("192.0.2.1", ProbeOutcome.measured(true, 999, 39)).status());
    }

    @Test
    void checkQualityRecordsTheMeasurements() {
        TargetResult r = quality().judge("192.0.2.1", ProbeOutcome.measured(true, 23, 5));
        assertEquals(new TargetResult("192.0.2.1", UP, OptionalInt.of(23), OptionalInt.of(5)), r);
    }

    @Test
    void checkQualityTreatsAFailedProbeAsTotalLossAtMwan3sSentinelLatency() {
        TargetResult expected = new TargetResult("192.0.2.1", DOWN, OptionalInt.of(999_999), OptionalInt.of(100));
        assertEquals(expected, quality().judge("192.0.2.1", KO));
        assertEquals(expected, quality().judge("192.0.2.1", ProbeOutcome.measured(false, 0, 100)));
        assertEquals(expected, quality().judge("192.0.2.1", ProbeOutcome.measured(true, 30, 100)));
    }

    @Test
    void checkQualityWithoutMeasurementsSkipsLikeMwan3sEmptyComparison() {
        assertEquals(SKIPPED, quality().judge("192.0.2.1", OK).status());
    }

    @Test
    void inBetweenTargetCountsNeitherWaySoTheNextTargetIsProbed() {
        RoundEvaluator e = new RoundEvaluator(TrackFixtures.TWO, 1, true, TrackFixtures.QUALITY);
        RoundProgress p = e.begin().with(0, ProbeOutcome.measured(true, 700, 0));
        assertEquals(List.of(1), p.mustProbe());
        RoundVerdict v = p.with(1, ProbeOutcome.measured(true, 800, 20)).verdict();
        assertEquals(List.of(SKIPPED, SKIPPED), statuses(v));
        assertFalse(v.up(), "in-between targets do not count towards reliability");
        assertEquals(0, v.downCount(), "in-between targets are not lost either");
    }

    @Test
    void withoutCheckQualityMeasurementsAreKeptButIgnored() {
        TargetResult r = plain(List.of("192.0.2.1"), 1).judge("192.0.2.1", ProbeOutcome.measured(true, 5000, 90));
        assertEquals(new TargetResult("192.0.2.1", UP, OptionalInt.of(5000), OptionalInt.of(90)), r);
    }

    @Test
    void outcomeCountMustMatchTargets() {
        assertThrows(IllegalArgumentException.class, () -> plain(TrackFixtures.TWO, 1).evaluate(List.of(OK)));
    }
}
