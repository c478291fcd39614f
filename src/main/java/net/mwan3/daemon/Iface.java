package net.mwan3.daemon;

import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

import net.mwan3.config.InterfaceConfig;
import net.mwan3.model.IfaceState;
import net.mwan3.track.ScoreMachine;
import net.mwan3.track.TrackerState;

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

    Iface(InterfaceConfig config) {
        this.config = config;
        this.tracker = config.enabled() && config.tracking().enabled() ? ScoreMachine.of(config) : null;
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
