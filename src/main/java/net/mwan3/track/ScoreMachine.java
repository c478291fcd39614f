package net.mwan3.track;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import net.mwan3.config.InitialState;
import net.mwan3.config.InterfaceConfig;
import net.mwan3.config.Tracking;

/**
 * mwan3track's score state machine (reference §5.1, §5.4). The score runs from 0 to {@code up+down}: values
 * above {@code up} are the online side, where {@code down} bad rounds in a row lead to {@code disconnected};
 * values below {@code up} are the offline side, where {@code up} good rounds in a row lead to
 * {@code connected}. A good round on the online side restores full health; a bad round on the offline side
 * restarts the recovery. The score never rests at {@code up} itself.
 *
 * <p><b>Deliberate differences from the shell</b> (for {@code docs/compat.md}):
 * <ul>
 *   <li><b>Stale-state quirk fixed.</b> mwan3 keeps a private {@code STATUS} that can lag its status file: a
 *       degradation that recovers leaves it {@code disconnecting} (file: online), so the next degradation
 *       emits no {@code disconnecting}; a recovery attempt that fails leaves it {@code connecting} (score 0),
 *       so the next attempt emits no {@code connecting}. Here the state is the reported state: a good round
 *       while {@link TrackerState#DISCONNECTING} returns to {@link TrackerState#ONLINE}, a bad round while
 *       {@link TrackerState#CONNECTING} returns to {@link TrackerState#OFFLINE} (both silently, as mwan3's file
 *       does), so every new degradation episode emits {@code disconnecting} and every new recovery attempt
 *       emits {@code connecting}.</li>
 *   <li>{@link #ifup} reconnects at once. The shell first runs one extra round in the disabled state (which
 *       emits a stray {@code connecting}) and then keeps that round's score after {@code connected
 *       FIRSTCONNECT=1}; here firstconnect always sets the score to {@code up+down} or 0.</li>
 *   <li>Rounds that arrive while {@link TrackerState#DISABLED} (a probe finishing after ifdown) are ignored.</li>
 * </ul>
 *
 * <p>Not thread-safe: confine an instance to its tracker's event loop. Times are passed in; there is no clock.
 */
public final class ScoreMachine {

    private final int up;
    private final int down;
    private final int count;
    private final Duration interval;
    private final Duration failureInterval;
    private final Duration recoveryInterval;
    private final boolean keepFailureInterval;
    private final InitialState initialState;

    private TrackerState state = TrackerState.DISABLED;
    private int score;
    private int lost;
    private int turn;
    private List<TargetResult> targets = List.of();
    private Instant onlineSince;
    private Instant offlineSince;
    private Instant lastRoundAt;

    /** A machine that is not tracking yet: call {@link #firstConnect} once the interface is up. */
    public ScoreMachine(Tracking tracking, InitialState initialState) {
        if (tracking.up() < 1 || tracking.down() < 1) {
            throw new IllegalArgumentException("up and down must be at least 1: " + tracking.up() + "/"
                    + tracking.down());
        }
        this.up = tracking.up();
        this.down = tracking.down();
        this.count = tracking.count();
        this.interval = tracking.interval();
        this.failureInterval = tracking.failureInterval();
        this.recoveryInterval = tracking.recoveryInterval();
        this.keepFailureInterval = tracking.keepFailureInterval();
        this.initialState = Objects.requireNonNull(initialState);
    }

    public static ScoreMachine of(InterfaceConfig iface) {
        return new ScoreMachine(iface.tracking(), iface.initialState());
    }

    /**
     * mwan3's firstconnect, for an interface that is up with a device: online (event {@code connected
     * FIRSTCONNECT=1}, full score) if it is online already or {@code initial_state} is online, otherwise
     * silently offline with score 0. The first round follows at once.
     */
    public TrackStep firstConnect(Instant now) {
        List<TrackEvent> events = List.of();
        if (state == TrackerState.ONLINE || initialState == InitialState.ONLINE) {
            markOnline(now);
            events = List.of(TrackEvent.FIRST_CONNECTED);
        } else {
            markOffline(now);
        }
        return step(events, Optional.of(Duration.ZERO), 0);
    }

    /** The interface came (back) up: firstconnect again. */
    public TrackStep ifup(Instant now) {
        return firstConnect(now);
    }

    /**
     * The interface went down: stop tracking. Emits {@code disconnected} only if routing had it up (online or
     * disconnecting), as mwan3 does.
     */
    public TrackStep ifdown(Instant now) {
        if (state == TrackerState.DISABLED) {
            return step(List.of(), Optional.empty(), 0);
        }
        List<TrackEvent> events = state.routable() ? List.of(TrackEvent.DISCONNECTED) : List.of();
        markOffline(now);
        state = TrackerState.DISABLED;
        return step(events, Optional.empty(), 0);
    }

    /** Applies one finished round (reference §5.4) and says when the next one is due. */
    public TrackStep onRound(RoundVerdict verdict, Instant now) {
        Objects.requireNonNull(now);
        if (state == TrackerState.DISABLED) {
            return step(List.of(), Optional.empty(), 0);
        }
        targets = verdict.targets();
        lastRoundAt = now;
        lost += verdict.downCount();
        List<TrackEvent> events = new ArrayList<>(2);
        int lostPings = 0;
        Duration sleep;
        if (verdict.up()) {
            lostPings = score < up + down ? lost * count : 0;
            sleep = goodRound(events, now);
        } else {
            sleep = badRound(events, now);
        }
        turn++;
        return step(events, Optional.of(sleep), lostPings);
    }

    /**
     * A failed probe burst: its rounds (all bad) count as failed rounds, applied one by one exactly as
     * {@link #onRound} applies them, until the interface is no longer routable. From full health a burst of
     * {@code down} rounds is therefore {@code disconnecting} then {@code disconnected}, with the sleep a
     * failed round gives ({@code failure_interval}); while already disconnecting, only the rounds still
     * needed are applied. Nothing is applied when the interface is not routable.
     */
    public TrackStep onFailedBurst(BurstVerdict burst, Instant now) {
        if (burst.passed()) {
            throw new IllegalArgumentException("a burst that passed changes nothing");
        }
        List<TrackEvent> events = new ArrayList<>(2);
        TrackStep last = null;
        for (RoundVerdict r : burst.rounds()) {
            if (!state.routable()) {
                break;
            }
            last = onRound(r, now);
            events.addAll(last.events());
        }
        if (last == null) {
            return step(List.of(), Optional.empty(), 0);
        }
        return new TrackStep(last.state(), last.score(), events, last.sleep(), 0);
    }

    public TrackerSnapshot snapshot() {
        return new TrackerSnapshot(state, score, lost, turn, targets, Optional.ofNullable(onlineSince),
                Optional.ofNullable(offlineSince), Optional.ofNullable(lastRoundAt));
    }

    public TrackerState state() {
        return state;
    }

    private Duration goodRound(List<TrackEvent> events, Instant now) {
        score++;
        lost = 0;
        if (score > up) {
            state = TrackerState.ONLINE;
            score = up + down;
            return interval;
        }
        enter(TrackerState.CONNECTING, TrackEvent.CONNECTING, events);
        if (score == up) {
            events.add(TrackEvent.CONNECTED);
            markOnline(now);
        }
        return recoveryInterval;
    }

    private Duration badRound(List<TrackEvent> events, Instant now) {
        score--;
        if (score < up) {
            score = 0;
            state = TrackerState.OFFLINE;
            return keepFailureInterval ? failureInterval : interval;
        }
        enter(TrackerState.DISCONNECTING, TrackEvent.DISCONNECTING, events);
        if (score == up) {
            events.add(TrackEvent.DISCONNECTED);
            markOffline(now);
        }
        return failureInterval;
    }

    private void enter(TrackerState next, TrackEvent event, List<TrackEvent> events) {
        if (state != next) {
            state = next;
            events.add(event);
        }
    }

    private void markOnline(Instant now) {
        state = TrackerState.ONLINE;
        score = up + down;
        lost = 0;
        turn = 0;
        onlineSince = now;
        offlineSince = null;
    }

    private void markOffline(Instant now) {
        state = TrackerState.OFFLINE;
        score = 0;
        offlineSince = now;
        onlineSince = null;
    }

    private TrackStep step(List<TrackEvent> events, Optional<Duration> sleep, int lostPings) {
        return new TrackStep(state, score, events, sleep, lostPings);
    }
}
