package net.mwan3.daemon;

import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

import net.mwan3.config.InterfaceConfig;
import net.mwan3.model.IfaceState;
import net.mwan3.plan.Numbering;
import net.mwan3.plan.TrafficDirection;
import net.mwan3.track.ScoreMachine;
import net.mwan3.track.TrackerState;
import net.mwan3.track.TrafficTiming;
import net.mwan3.track.TrafficWatch;

/**
 * The runtime state of one mwan3 interface. Confined to the daemon's main thread (no locks): link
 * facts from the last read, the manual {@code mwan3 ifdown}, and the tracker's score machine.
 */
final class Iface {
    final InterfaceConfig config;
    /** Null when the interface is not tracked (no track_ip) or disabled. */
    final ScoreMachine tracker;
    String device;
    String source;
    boolean linkUp;
    boolean manualDown;
    Instant upSince;
    Instant lastRound;
    /** System.nanoTime() when the running round started, 0 when none runs. */
    long roundStarted;
    /** Bumped on every ifup/ifdown so rounds started before it are ignored when they finish. */
    int generation;
    ScheduledFuture<?> nextRound;
    /** Traffic detection; null when the interface is not tracked or traffic_detection is 0. */
    final TrafficWatch traffic;
    /** The names of its two traffic counters in the nft table, looked up in every sample. */
    final String outCounter;
    final String replyCounter;
    /** The slowest reply of the last good round (ms), -1 before one: a burst's probe timeout follows it. */
    int slowestRtt = -1;
    /** Bursts of this interface: started, confirmed, cleared; and the last one's outcome for status. */
    long burstsStarted;
    long burstsConfirmed;
    long burstsCleared;
    String lastBurst;

    Iface(InterfaceConfig config) {
        this.config = config;
        this.tracker = config.enabled() && config.tracking().enabled() ? ScoreMachine.of(config) : null;
        this.traffic = tracker != null && config.tracking().trafficDetection()
                ? new TrafficWatch(TrafficTiming.of(config.tracking())) : null;
        this.outCounter = Numbering.trafficCounter(TrafficDirection.OUT, config.name());
        this.replyCounter = Numbering.trafficCounter(TrafficDirection.REPLY, config.name());
    }

    String name() {
        return config.name();
    }

    /** mwan3's netifd "up", minus a manual {@code mwan3 ifdown}. */
    boolean up() {
        return config.enabled() && linkUp && !manualDown;
    }

    /** Whether new connections may use it: up, and online by its tracker (or untracked). */
    boolean routable() {
        if (!up()) {
            return false;
        }
        return tracker == null || tracker.state().routable();
    }

    IfaceState state() {
        return up() ? new IfaceState(device, true, routable()) : new IfaceState(linkUp ? device : null, false, false);
    }

    boolean tracked() {
        return tracker != null;
    }

    TrackerState trackerState() {
        return tracker == null ? null : tracker.state();
    }

    void cancelRound() {
        if (nextRound != null) {
            nextRound.cancel(false);
            nextRound = null;
        }
        generation++;
    }
}
