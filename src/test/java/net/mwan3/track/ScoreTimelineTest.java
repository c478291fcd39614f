package net.mwan3.track;

import static net.mwan3.track.TargetStatus.DOWN;
import static net.mwan3.track.TargetStatus.SKIPPED;
import static net.mwan3.track.TargetStatus.UP;
import static net.mwan3.track.TrackEvent.CONNECTED;
import static net.mwan3.track.TrackEvent.CONNECTING;
import static net.mwan3.track.TrackEvent.DISCONNECTED;
import static net.mwan3.track.TrackEvent.DISCONNECTING;
import static net.mwan3.track.TrackEvent.FIRST_CONNECTED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import net.mwan3.config.InitialState;
import net.mwan3.config.Quality;
import net.mwan3.config.TrackMethod;
import net.mwan3.config.Tracking;

/**
 * The reference's §5.4 sim timeline, step by step: up=3, down=3, interval 2 s, failure and recovery 1 s, two
 * targets, reliability 1, rounds fed through the {@link RoundEvaluator} as a prober would.
 */
class ScoreTimelineTest {

    private static final Duration TWO_S = Duration.ofSeconds(2);
    private static final Duration ONE_S = Duration.ofSeconds(1);
    private static final ProbeOutcome OK = ProbeOutcome.succeeded();
    private static final ProbeOutcome KO = ProbeOutcome.failed();

    private RoundEvaluator evaluator;
    private ScoreMachine machine;
    private Instant now;

    @BeforeEach
    void setUp() {
        Tracking sim = new Tracking(TrackFixtures.TWO, TrackMethod.PING, 0, false, 1, 1, 56, 60, ONE_S, TWO_S,
                ONE_S, ONE_S, false, false, new Quality(1000, 40, 500, 10), 3, 3);
        evaluator = new RoundEvaluator(sim);
        machine = new ScoreMachine(sim, InitialState.ONLINE);
        now = TrackFixtures.T0;
    }

    private TrackStep round(ProbeOutcome first, ProbeOutcome second) {
        TrackStep step = machine.onRound(evaluator.evaluate(List.of(first, second)), now);
        now = now.plus(step.sleep().orElseThrow());
        return step;
    }

    private void expect(TrackStep step, TrackerState state, int score, List<TrackEvent> events, int lost,
                        int turn) {
        assertEquals(state, step.state(), "state");
        assertEquals(score, step.score(), "score");
        assertEquals(events, step.events(), "events");
        assertEquals(lost, machine.snapshot().lost(), "lost");
        assertEquals(turn, machine.snapshot().turn(), "turn");
    }

    private List<TargetStatus> targets() {
        return machine.snapshot().targets().stream().map(TargetResult::status).toList();
    }

    @Test
    void simTimeline() {
        assertEquals(TrackerState.DISABLED, machine.state(), "nothing is tracked before firstconnect");
        TrackStep start = machine.firstConnect(now);
        expect(start, TrackerState.ONLINE, 6, List.of(FIRST_CONNECTED), 0, 0);
        assertEquals(Optional.of(Duration.ZERO), start.sleep(), "first round at once");
        Instant wentOnline = now;

        // healthy: STATUS=online SCORE=6 (target1 up, target2 skipped)
        TrackStep healthy = round(OK, OK);
        expect(healthy, TrackerState.ONLINE, 6, List.of(), 0, 1);
        assertEquals(List.of(UP, SKIPPED), targets());
        assertEquals(Optional.of(TWO_S), healthy.sleep());

        // both targets blocked: disconnecting 5 -> 4 -> offline 0 (events: disconnecting, disconnected)
        TrackStep b1 = round(KO, KO);
        expect(b1, TrackerState.DISCONNECTING, 5, List.of(DISCONNECTING), 2, 2);
        assertEquals(List.of(DOWN, DOWN), targets());
        assertEquals(Optional.of(ONE_S), b1.sleep());
        assertEquals(Optional.of(wentOnline), machine.snapshot().onlineSince(), "still online while degrading");
        expect(round(KO, KO), TrackerState.DISCONNECTING, 4, List.of(), 4, 3);
        Instant wentOffline = now;
        TrackStep b3 = round(KO, KO);
        expect(b3, TrackerState.OFFLINE, 0, List.of(DISCONNECTED), 6, 4);
        assertEquals(Optional.of(ONE_S), b3.sleep());
        assertEquals(Optional.of(wentOffline), machine.snapshot().offlineSince());
        assertEquals(Optional.empty(), machine.snapshot().onlineSince());

        // targets restored: connecting 1 -> 2 -> online 6 (events: connecting, connected)
        TrackStep r1 = round(OK, OK);
        expect(r1, TrackerState.CONNECTING, 1, List.of(CONNECTING), 0, 5);
        assertEquals(6, r1.lostPings(), "mwan3 logs 'Lost 6 ping(s)' when recovery starts");
        assertEquals(Optional.of(ONE_S), r1.sleep());
        expect(round(OK, OK), TrackerState.CONNECTING, 2, List.of(), 0, 6);
        Instant backOnline = now;
        expect(round(OK, OK), TrackerState.ONLINE, 6, List.of(CONNECTED), 0, 1);
        assertEquals(Optional.of(backOnline), machine.snapshot().onlineSince());
        assertEquals(Optional.empty(), machine.snapshot().offlineSince());
        assertEquals(Optional.of(backOnline), machine.snapshot().lastRoundAt());

        // USR1 (ifdown): STATUS=disabled STARTED=0 (event: disconnected)
        TrackStep down = machine.ifdown(now);
        expect(down, TrackerState.DISABLED, 0, List.of(DISCONNECTED), 0, 1);
        assertEquals(Optional.empty(), down.sleep(), "no rounds while disabled");
        assertEquals(false, machine.snapshot().started());

        // USR2 (ifup): firstconnect (connected FIRSTCONNECT=1); we skip the shell's extra disabled round
        now = now.plusSeconds(30);
        TrackStep up = machine.ifup(now);
        expect(up, TrackerState.ONLINE, 6, List.of(FIRST_CONNECTED), 0, 0);
        assertEquals(Optional.of(now), machine.snapshot().onlineSince());
        assertEquals(List.of(UP, SKIPPED), targets(), "the last round's target statuses survive, like TRACK_ files");
    }
}
