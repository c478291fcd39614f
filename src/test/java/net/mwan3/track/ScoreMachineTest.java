package net.mwan3.track;

import static net.mwan3.track.TrackFixtures.FAILURE;
import static net.mwan3.track.TrackFixtures.INTERVAL;
import static net.mwan3.track.TrackFixtures.RECOVERY;
import static net.mwan3.track.TrackFixtures.T0;
import static net.mwan3.track.TrackFixtures.bad;
import static net.mwan3.track.TrackFixtures.good;
import static net.mwan3.track.TrackEvent.CONNECTED;
import static net.mwan3.track.TrackEvent.CONNECTING;
import static net.mwan3.track.TrackEvent.DISCONNECTED;
import static net.mwan3.track.TrackEvent.DISCONNECTING;
import static net.mwan3.track.TrackEvent.FIRST_CONNECTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import net.mwan3.config.InitialState;
import net.mwan3.config.TrackMethod;
import net.mwan3.config.Tracking;

/** Start-up, ifdown/ifup, sleeps and the stale-state quirk fix. */
class ScoreMachineTest {

    private static ScoreMachine started(int up, int down, boolean keep, InitialState initial) {
        ScoreMachine m = new ScoreMachine(TrackFixtures.tracking(up, down, keep), initial);
        m.firstConnect(T0);
        return m;
    }

    private static List<Duration> sleeps(ScoreMachine m, String rounds) {
        List<Duration> sleeps = new ArrayList<>();
        for (char c : rounds.toCharArray()) {
            sleeps.add(m.onRound(c == '+' ? good() : bad(), T0).sleep().orElseThrow());
        }
        return sleeps;
    }

    @Test
    void initialStateOfflineStartsSilentlyAtScoreZero() {
        ScoreMachine m = new ScoreMachine(TrackFixtures.tracking(3, 3, false), InitialState.OFFLINE);
        TrackStep start = m.firstConnect(T0);
        assertEquals(TrackerState.OFFLINE, start.state());
        assertEquals(0, start.score());
        assertEquals(List.of(), start.events());
        assertEquals(Optional.of(T0), m.snapshot().offlineSince());
        assertEquals(Optional.empty(), m.snapshot().onlineSince());
        assertEquals(List.of(CONNECTING), m.onRound(good(), T0).events());
        m.onRound(good(), T0);
        assertEquals(List.of(CONNECTED), m.onRound(good(), T0).events(), "up good rounds bring it online");
    }

    @Test
    void initialStateOnlineConnectsWithFirstconnectAtFullScore() {
        TrackStep start = new ScoreMachine(TrackFixtures.tracking(2, 4, false), InitialState.ONLINE)
                .firstConnect(T0);
        assertEquals(new TrackStep(TrackerState.ONLINE, 6, List.of(FIRST_CONNECTED), Optional.of(Duration.ZERO),
                0), start);
    }

    @Test
    void sleepsFollowTheTable() {
        ScoreMachine m = started(2, 2, false, InitialState.ONLINE);
        assertEquals(List.of(INTERVAL, FAILURE, FAILURE, INTERVAL, INTERVAL, RECOVERY, RECOVERY, INTERVAL),
                sleeps(m, "+--" + "--" + "++" + "+"));
    }

    @Test
    void keepFailureIntervalKeepsTheFastPaceWhileOfflineAndFailing() {
        ScoreMachine m = started(2, 2, true, InitialState.ONLINE);
        assertEquals(List.of(FAILURE, FAILURE, FAILURE, FAILURE, RECOVERY, FAILURE, RECOVERY, RECOVERY, INTERVAL),
                sleeps(m, "--" + "--" + "+-" + "++" + "+"));
    }

    @Test
    void ifdownWhileOfflineOrConnectingEmitsNothing() {
        ScoreMachine m = started(3, 3, false, InitialState.OFFLINE);
        assertEquals(List.of(), m.ifdown(T0).events());
        assertEquals(TrackerState.DISABLED, m.state());
        ScoreMachine c = started(3, 3, false, InitialState.OFFLINE);
        c.onRound(good(), T0);
        assertEquals(List.of(), c.ifdown(T0).events());
    }

    @Test
    void ifdownWhileDisconnectingEmitsDisconnected() {
        ScoreMachine m = started(3, 3, false, InitialState.ONLINE);
        m.onRound(bad(), T0);
        TrackStep down = m.ifdown(T0.plusSeconds(5));
        assertEquals(List.of(DISCONNECTED), down.events());
        assertEquals(Optional.of(T0.plusSeconds(5)), m.snapshot().offlineSince());
    }

    @Test
    void disabledIgnoresRoundsAndRepeatedIfdown() {
        ScoreMachine m = started(3, 3, false, InitialState.ONLINE);
        m.ifdown(T0);
        TrackStep late = m.onRound(bad(), T0.plusSeconds(1));
        assertEquals(new TrackStep(TrackerState.DISABLED, 0, List.of(), Optional.empty(), 0), late);
        assertEquals(List.of(), m.ifdown(T0).events());
        assertEquals(Optional.empty(), m.snapshot().lastRoundAt());
    }

    @Test
    void ifupFollowsInitialStateUnlessAlreadyOnline() {
        ScoreMachine offline = started(3, 3, false, InitialState.OFFLINE);
        offline.ifdown(T0);
        TrackStep up = offline.ifup(T0);
        assertEquals(TrackerState.OFFLINE, up.state());
        assertEquals(List.of(), up.events());
        assertEquals(Optional.of(Duration.ZERO), up.sleep());

        ScoreMachine online = started(3, 3, false, InitialState.OFFLINE);
        for (int i = 0; i < 3; i++) {
            online.onRound(good(), T0);
        }
        assertEquals(TrackerState.ONLINE, online.state());
        assertEquals(List.of(FIRST_CONNECTED), online.ifup(T0).events(), "an online tracker reconnects on ifup");
    }

    @Test
    void everyDegradationEpisodeEmitsDisconnecting() {
        ScoreMachine m = started(3, 3, false, InitialState.ONLINE);
        assertEquals(List.of(DISCONNECTING), m.onRound(bad(), T0).events());
        TrackStep recovered = m.onRound(good(), T0);
        assertEquals(TrackerState.ONLINE, recovered.state(), "shell keeps 'disconnecting' in memory here");
        assertEquals(List.of(), recovered.events());
        assertEquals(1, recovered.lostPings());
        assertEquals(List.of(DISCONNECTING), m.onRound(bad(), T0).events(), "shell emits nothing here");
        m.onRound(bad(), T0);
        assertEquals(List.of(DISCONNECTED), m.onRound(bad(), T0).events());
    }

    @Test
    void everyRecoveryAttemptEmitsConnecting() {
        ScoreMachine m = started(3, 3, false, InitialState.OFFLINE);
        assertEquals(List.of(CONNECTING), m.onRound(good(), T0).events());
        TrackStep failed = m.onRound(bad(), T0);
        assertEquals(TrackerState.OFFLINE, failed.state(), "shell keeps 'connecting' at score 0 here");
        assertEquals(List.of(), failed.events());
        assertEquals(List.of(CONNECTING), m.onRound(good(), T0).events(), "shell emits nothing here");
    }

    @Test
    void inBetweenQualityRoundIsBadButLosesNothing() {
        ScoreMachine m = started(3, 3, false, InitialState.ONLINE);
        RoundVerdict inBetween = new RoundEvaluator(List.of("192.0.2.1"), 1, true, TrackFixtures.QUALITY)
                .evaluate(List.of(ProbeOutcome.measured(true, 700, 0)));
        TrackStep step = m.onRound(inBetween, T0);
        assertEquals(5, step.score());
        assertEquals(0, m.snapshot().lost());
    }

    @Test
    void lostAccumulatesAcrossBadRoundsAndCountsPings() {
        ScoreMachine m = new ScoreMachine(new Tracking(TrackFixtures.TWO, TrackMethod.PING, 0, false, 1, 3, 56, 60,
                Duration.ofSeconds(1), INTERVAL, FAILURE, RECOVERY, false, false, TrackFixtures.QUALITY, 3, 3),
                InitialState.ONLINE);
        m.firstConnect(T0);
        m.onRound(bad(2), T0);
        m.onRound(bad(1), T0);
        assertEquals(3, m.snapshot().lost());
        TrackStep back = m.onRound(good(), T0);
        assertEquals(9, back.lostPings(), "3 lost targets x count 3");
        assertEquals(0, m.snapshot().lost());
        assertEquals(0, m.onRound(good(), T0).lostPings(), "healthy rounds report nothing");
    }

    @Test
    void onlineSinceSurvivesDegradation() {
        ScoreMachine m = started(3, 3, false, InitialState.ONLINE);
        m.onRound(bad(), T0.plusSeconds(10));
        m.onRound(good(), T0.plusSeconds(20));
        TrackerSnapshot s = m.snapshot();
        assertEquals(Optional.of(Duration.ofSeconds(83)), s.onlineFor(T0.plusSeconds(83)));
        assertEquals(Optional.empty(), s.offlineFor(T0.plusSeconds(83)));
        assertEquals(Optional.of(T0.plusSeconds(20)), s.lastRoundAt());
    }

    @Test
    void upAndDownMustBePositive() {
        assertThrows(IllegalArgumentException.class,
                () -> new ScoreMachine(TrackFixtures.tracking(0, 3, false), InitialState.ONLINE));
        assertThrows(IllegalArgumentException.class,
                () -> new ScoreMachine(TrackFixtures.tracking(3, 0, false), InitialState.ONLINE));
    }
}
