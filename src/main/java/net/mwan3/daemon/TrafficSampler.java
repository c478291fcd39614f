package net.mwan3.daemon;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import net.mwan3.kernel.KernelException;
import net.mwan3.plan.Numbering;
import net.mwan3.plan.TrafficDirection;

/**
 * Samples the traffic counters every {@link #PERIOD_MS} ms on the main thread (one nf_tables netlink
 * dump for all WANs, no process) and feeds each watched interface's {@link net.mwan3.track.TrafficWatch};
 * a suspicion starts a burst. It runs only while some watched interface is routable: an offline WAN
 * carries no traffic of ours, and a router without any costs nothing. A WAN that is not routable has its
 * watch reset, so its history starts afresh when it is back online.
 */
final class TrafficSampler {
    private static final Logger LOG = Logger.getLogger("mwan3d");
    static final long PERIOD_MS = 100;

    private final Daemon daemon;
    private final Trackers trackers;
    private ScheduledFuture<?> task;
    private String lastError;

    TrafficSampler(Daemon daemon, Trackers trackers) {
        this.daemon = daemon;
        this.trackers = trackers;
    }

    /** Main thread, after each reconcile: runs the sampler while it has something to watch. */
    void update() {
        boolean needed = daemon.ifaces.values().stream().anyMatch(i -> i.traffic != null && i.routable());
        if (needed && task == null) {
            task = daemon.main.scheduleWithFixedDelay(this::sample, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        } else if (!needed && task != null) {
            stop();
        }
    }

    void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
        daemon.ifaces.values().stream().filter(i -> i.traffic != null).forEach(i -> i.traffic.reset());
    }

    private void sample() {
        Map<String, Long> counters;
        try {
            counters = daemon.kernel.counters();
        } catch (KernelException e) {
            if (!e.getMessage().equals(lastError)) {
                LOG.log(Level.WARNING, "traffic counters: {0}", e.getMessage());
            }
            lastError = e.getMessage();
            return;
        }
        lastError = null;
        Instant now = daemon.clock.instant();
        for (Iface i : daemon.ifaces.values()) {
            if (i.traffic == null) {
                continue;
            }
            if (!i.routable() || !daemon.appliedOnline(i.name())) {
                i.traffic.reset();
                continue;
            }
            Long out = counters.get(Numbering.trafficCounter(TrafficDirection.OUT, i.name()));
            Long reply = counters.get(Numbering.trafficCounter(TrafficDirection.REPLY, i.name()));
            if (out != null && reply != null) {
                i.traffic.sample(out, reply, now).ifPresent(s -> trackers.burst(i, s));
            }
        }
    }
}
