package net.mwan3.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import net.mwan3.config.InitialState;

/**
 * For every up, down in 1..6 (with and without keep_failure_interval) and seeded random runs of good and bad
 * rounds with occasional ifdown/ifup: the score stays in bounds, the tracker comes online only after exactly
 * {@code up} good rounds in a row since it was last offline, goes offline only after exactly {@code down} bad
 * rounds in a row since it was last online, emits events only on state changes, and agrees with an
 * independent consecutive-run model on state, score, events, sleep, lost and turn.
 */
class ScoreMachinePropertyTest {

    private static final int SEEDS = 20;
    private static final int STEPS = 120;

    /** The reference behaviour restated as run counters instead of a score. */
    private static final class Model {
        final int up;
        final int down;
        final boolean keep;
        boolean disabled = true;
        boolean online;
        int badRun;
        int goodRun;
        int lost;
        int turn;

        Model(int up, int down, boolean keep) {
            this.up = up;
            this.down = down;
            this.keep = keep;
        }

        TrackerState state() {
            if (disabled) {
                return TrackerState.DISABLED;
            }
            if (online) {
                return badRun == 0 ? TrackerState.ONLINE : TrackerState.DISCONNECTING;
            }
            return goodRun == 0 ? TrackerState.OFFLINE : TrackerState.CONNECTING;
        }

        int score() {
            return disabled ? 0 : online ? up + down - badRun : goodRun;
        }
    }

    private final List<Boolean> side = new ArrayList<>();
    private int up;
    private int down;
    private int connections;
    private int disconnections;

    @Test
    void invariantsHold() {
        for (int up = 1; up <= 6; up++) {
            for (int down = 1; down <= 6; down++) {
                for (boolean keep : new boolean[] {false, true}) {
                    connections = 0;
                    disconnections = 0;
                    for (int seed = 0; seed < SEEDS; seed++) {
                        run(up, down, keep, new Random(seed * 1000L + up * 10L + down));
                    }
                    String what = "up=" + up + " down=" + down;
                    assertTrue(connections > SEEDS, "test must exercise connecting: " + what);
                    assertTrue(disconnections > SEEDS, "test must exercise disconnecting: " + what);
                }
            }
        }
    }

    private void run(int up, int down, boolean keep, Random random) {
        this.up = up;
        this.down = down;
        InitialState initial = random.nextBoolean() ? InitialState.ONLINE : InitialState.OFFLINE;
        ScoreMachine machine = new ScoreMachine(TrackFixtures.tracking(up, down, keep), initial);
        Model model = new Model(up, down, keep);
        Instant now = TrackFixtures.T0;
        firstConnect(machine, model, initial, now);
        boolean good = random.nextBoolean();
        int runLeft = 0;
        for (int step = 0; step < STEPS; step++) {
            now = now.plusSeconds(1);
            int op = random.nextInt(100);
            if (op < 2) {
                ifdown(machine, model, now);
            } else if (op < 4 || (model.disabled && op < 30)) {
                firstConnect(machine, model, initial, now);
            } else {
                if (runLeft == 0) {
                    good = random.nextInt(10) < 7 != good;
                    runLeft = 1 + random.nextInt(Math.max(up, down) + 2);
                }
                runLeft--;
                round(machine, model, good, random.nextInt(3), now);
            }
            check(machine, model);
        }
    }

    private void firstConnect(ScoreMachine machine, Model model, InitialState initial, Instant now) {
        boolean online = machine.state() == TrackerState.ONLINE || initial == InitialState.ONLINE;
        TrackStep step = machine.ifup(now);
        side.clear();
        model.disabled = false;
        model.online = online;
        model.badRun = 0;
        model.goodRun = 0;
        if (online) {
            model.lost = 0;
            model.turn = 0;
        }
        assertEquals(online ? List.of(TrackEvent.FIRST_CONNECTED) : List.of(), step.events(), "firstconnect");
        assertEquals(Optional.of(Duration.ZERO), step.sleep());
    }

    private void ifdown(ScoreMachine machine, Model model, Instant now) {
        boolean routable = !model.disabled && model.online;
        TrackStep step = machine.ifdown(now);
        model.disabled = true;
        assertEquals(routable ? List.of(TrackEvent.DISCONNECTED) : List.of(), step.events(), "ifdown");
        assertEquals(Optional.empty(), step.sleep());
        disconnections += routable ? 1 : 0;
    }

    private void round(ScoreMachine machine, Model model, boolean good, int downTargets, Instant now) {
        TrackerState before = machine.state();
        RoundVerdict verdict = good ? TrackFixtures.good() : TrackFixtures.bad(downTargets);
        TrackStep step = machine.onRound(verdict, now);
        if (model.disabled) {
            assertEquals(new TrackStep(TrackerState.DISABLED, 0, List.of(), Optional.empty(), 0), step);
            return;
        }
        List<TrackEvent> expected = new ArrayList<>();
        Duration sleep = good ? goodRound(model, expected) : badRound(model, downTargets, expected);
        model.turn++;
        Supplier<String> what = () -> (good ? "good" : "bad") + " round from " + before + " (up=" + model.up
                + " down=" + model.down + ")";
        assertEquals(expected, step.events(), what);
        assertEquals(Optional.of(sleep), step.sleep(), what);
        if (!step.events().isEmpty()) {
            assertTrue(step.state() != before, () -> "events only on transitions: " + what.get());
        }
        checkRuns(before.routable(), good, step, what);
    }

    /**
     * The brief's invariant stated on the raw round history, independently of the model: on the offline side
     * the tracker connects exactly when the good rounds since it got there reach {@code up} in a row; on the
     * online side it disconnects exactly when the bad rounds reach {@code down} in a row.
     */
    private void checkRuns(boolean wasOnline, boolean good, TrackStep step, Supplier<String> what) {
        side.add(good);
        int run = 0;
        for (int i = side.size() - 1; i >= 0 && side.get(i) == good; i--) {
            run++;
        }
        boolean nowOnline = step.state().routable();
        if (wasOnline == good) {
            assertEquals(wasOnline, nowOnline, () -> "a round of the side's own kind keeps it: " + what.get());
        } else if (good) {
            assertTrue(run <= up, what);
            assertEquals(run == up, nowOnline, () -> "online after exactly up good rounds: " + what.get());
            assertEquals(nowOnline ? TrackerState.ONLINE : TrackerState.CONNECTING, step.state(), what);
        } else {
            assertTrue(run <= down, what);
            assertEquals(run == down, !nowOnline, () -> "offline after exactly down bad rounds: " + what.get());
            assertEquals(nowOnline ? TrackerState.DISCONNECTING : TrackerState.OFFLINE, step.state(), what);
        }
        if (wasOnline != nowOnline) {
            side.clear();
            connections += nowOnline ? 1 : 0;
            disconnections += nowOnline ? 0 : 1;
        }
    }

    private static Duration goodRound(Model model, List<TrackEvent> expected) {
        model.lost = 0;
        if (model.online) {
            model.badRun = 0;
            return TrackFixtures.INTERVAL;
        }
        if (model.goodRun++ == 0) {
            expected.add(TrackEvent.CONNECTING);
        }
        if (model.goodRun == model.up) {
            expected.add(TrackEvent.CONNECTED);
            model.online = true;
            model.goodRun = 0;
            model.turn = 0;
        }
        return TrackFixtures.RECOVERY;
    }

    private static Duration badRound(Model model, int downTargets, List<TrackEvent> expected) {
        model.lost += downTargets;
        if (!model.online) {
            model.goodRun = 0;
            return model.keep ? TrackFixtures.FAILURE : TrackFixtures.INTERVAL;
        }
        if (model.badRun++ == 0) {
            expected.add(TrackEvent.DISCONNECTING);
        }
        if (model.badRun == model.down) {
            expected.add(TrackEvent.DISCONNECTED);
            model.online = false;
            model.badRun = 0;
        }
        return TrackFixtures.FAILURE;
    }

    private static void check(ScoreMachine machine, Model model) {
        TrackerSnapshot s = machine.snapshot();
        int max = model.up + model.down;
        assertTrue(s.score() >= 0 && s.score() <= max, "score " + s.score() + " out of 0.." + max);
        assertTrue(s.state() == TrackerState.DISABLED || s.score() != model.up, "score never rests at up");
        assertEquals(model.state(), s.state(), "state");
        assertEquals(model.score(), s.score(), "score");
        assertEquals(model.lost, s.lost(), "lost");
        assertEquals(model.turn, s.turn(), "turn");
        assertEquals(s.state() == TrackerState.ONLINE || s.state() == TrackerState.DISCONNECTING,
                s.onlineSince().isPresent(), "onlineSince while connected");
        assertEquals(s.onlineSince().isEmpty(), s.offlineSince().isPresent(), "exactly one of online/offline since");
    }
}
