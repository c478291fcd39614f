package net.mwan3.daemon;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import net.mwan3.kernel.KernelException;

/**
 * Samples the traffic counters on the main thread (one nf_tables netlink dump for all WANs, no process) and feeds
 * each watched interface's {@link net.mwan3.track.TrafficWatch}; a suspicion starts a burst. Every
 * {@link #PERIOD_MS} ms while some WAN carries traffic, has unanswered packets or a burst runs, every
 * {@link #CALM_PERIOD_MS} ms while all are idle: in a daemon that otherwise wakes once a second per WAN, each sample is a
 * wake-up of its own (about 0.15 ms of CPU on a small machine, far more than the read), and an idle router is the
 * common case. The watch dates the first packet after an idle gap between two samples, so the longer idle period
 * does not make a suspicion later on average; a busy WAN is timed as before. It runs only while some watched
 * interface is routable: an offline WAN carries no traffic of ours, and a router without any costs nothing. A WAN
 * that is not routable has its watch reset, so its history starts afresh when it is back online.
 */
final class TrafficSampler {
    private static final Logger LOG = Logger.getLogger("mwan3d");
    static final long PERIOD_MS = 100;
    static final long CALM_PERIOD_MS = 250;

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
            task = daemon.main.schedule(this::sample, PERIOD_MS, TimeUnit.MILLISECONDS);
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

    /** One sample, then the next one armed (unless {@link #stop} ran meanwhile: then {@code task} is null). */
    private void sample() {
        boolean calm = read();
        if (task != null) {
            task = daemon.main.schedule(this::sample, calm ? CALM_PERIOD_MS : PERIOD_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Reads the counters and feeds the watches; returns whether every watch is calm. */
    private boolean read() {
        Map<String, Long> counters;
        try {
            counters = daemon.kernel.counters();
        } catch (KernelException e) {
            if (!e.getMessage().equals(lastError)) {
                LOG.log(Level.WARNING, "traffic counters: {0}", e.getMessage());
            }
            lastError = e.getMessage();
            return false;
        }
        lastError = null;
        Instant now = daemon.clock.instant();
        boolean calm = true;
        for (Iface i : daemon.ifaces.values()) {
            if (i.traffic == null) {
                continue;
            }
            if (!i.routable() || !daemon.appliedOnline(i.name())) {
                i.traffic.reset();
                continue;
            }
            Long out = counters.get(i.outCounter);
            Long reply = counters.get(i.replyCounter);
            if (out != null && reply != null) {
                i.traffic.sample(out, reply, now).ifPresent(s -> trackers.burst(i, s));
            }
            calm &= i.traffic.calm();
        }
        return calm;
    }
}
