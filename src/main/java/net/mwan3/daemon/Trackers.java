package net.mwan3.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import net.mwan3.track.BurstVerdict;
import net.mwan3.track.ProbeOutcome;
import net.mwan3.track.RoundEvaluator;
import net.mwan3.track.RoundVerdict;
import net.mwan3.track.TrackEvent;
import net.mwan3.track.Suspicion;
import net.mwan3.track.TrackStep;
import net.mwan3.track.TrafficTiming;

/**
 * Runs each tracked interface's probe rounds: all targets of a round are probed concurrently (a
 * round lasts one timeout, not one per target), the round is judged as mwan3 would judge it probing
 * in order, the score machine decides, and its events drive routing and the user script. Rounds are
 * scheduled on the main thread; probes complete on the probers' threads and hop back.
 */
class Trackers implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("mwan3d");

    /** Probes one target of an interface; completes normally, failures as failed outcomes. */
    interface ProbeFunction extends AutoCloseable {
        CompletableFuture<ProbeOutcome> probe(Iface iface, String target);

        /** One probe (count 1) waiting at most {@code timeout}: a burst's. */
        default CompletableFuture<ProbeOutcome> probeOnce(Iface iface, String target, Duration timeout) {
            return probe(iface, target);
        }

        @Override
        default void close() {
        }
    }

    /** Creates the trackers for a daemon (tests pass fake probes). */
    interface Factory {
        Trackers create(Daemon daemon);
    }

    private final Daemon daemon;
    private final ProbeFunction probes;

    Trackers(Daemon daemon, ProbeFunction probes) {
        this.daemon = daemon;
        this.probes = probes;
    }

    void ifup(Iface i, Instant now) {
        if (!i.tracked()) {
            return;
        }
        i.cancelRound();
        handle(i, i.tracker.firstConnect(now));
    }

    void ifdown(Iface i, Instant now) {
        if (!i.tracked()) {
            return;
        }
        i.cancelRound();
        handle(i, i.tracker.ifdown(now));
    }

    private void handle(Iface i, TrackStep step) {
        boolean routingChanged = false;
        for (TrackEvent e : step.events()) {
            daemon.events.fire(i, e.action().word(), e.firstConnect());
            daemon.metrics.event(i.name(), e.action().word());
            routingChanged |= e.action() == TrackEvent.Action.CONNECTED || e.action() == TrackEvent.Action.DISCONNECTED;
        }
        if (step.lostPings() > 0) {
            LOG.info(() -> "Lost " + step.lostPings() + " ping(s) on interface " + i.name());
        }
        step.sleep().ifPresent(d -> schedule(i, d));
        if (routingChanged) {
            daemon.markDirty(); // its reconcile publishes the status once the new routing is applied
        }
    }

    /**
     * Schedules the next round {@code delay} after the start of the last one (dpinger-style: the
     * interval is a period, not a gap after the probes), so a failing WAN is noticed a timeout sooner
     * per round than mwan3's sleep-after-round.
     */
    private void schedule(Iface i, Duration delay) {
        int gen = i.generation;
        long elapsed = i.roundStarted == 0 ? 0 : (System.nanoTime() - i.roundStarted) / 1_000_000;
        long ms = Math.max(0, delay.toMillis() - elapsed);
        i.roundStarted = 0;
        i.nextRound = daemon.main.schedule(() -> round(i, gen), ms, TimeUnit.MILLISECONDS);
    }

    private void round(Iface i, int gen) {
        if (gen != i.generation || !i.up()) {
            return;
        }
        i.roundStarted = System.nanoTime();
        List<String> targets = i.config.tracking().trackIps();
        List<CompletableFuture<ProbeOutcome>> futures = new ArrayList<>();
        for (String t : targets) {
            futures.add(probes.probe(i, t).exceptionally(e -> ProbeOutcome.failed()));
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).whenComplete((v, e) ->
                daemon.main.execute(() -> finish(i, gen, futures)));
    }

    private void finish(Iface i, int gen, List<CompletableFuture<ProbeOutcome>> futures) {
        if (gen != i.generation || !i.up()) {
            return;
        }
        List<ProbeOutcome> outcomes = futures.stream().map(f -> f.getNow(ProbeOutcome.failed())).toList();
        String method = i.config.tracking().method().uci();
        outcomes.forEach(o -> daemon.metrics.probe(i.name(), method, o.success()));
        RoundVerdict verdict = new RoundEvaluator(i.config.tracking()).evaluate(outcomes);
        if (verdict.up()) {
            i.slowestRtt = outcomes.stream().filter(o -> o.success() && o.isMeasured())
                    .mapToInt(o -> o.latencyMs().getAsInt()).max().orElse(i.slowestRtt);
            if (i.traffic != null) {
                i.traffic.roundTrip(i.slowestRtt);
            }
        }
        Instant now = daemon.clock.instant();
        i.lastRound = now;
        handle(i, i.tracker.onRound(verdict, now));
    }

    /**
     * Starts a probe burst on a suspected interface: {@code down} probes to every target, 25 ms apart,
     * each waiting the burst timeout. Judged as rounds when all have finished (see {@link BurstVerdict}).
     */
    void burst(Iface i, Suspicion s) {
        int gen = i.generation;
        var t = i.config.tracking();
        TrafficTiming timing = TrafficTiming.of(t);
        Duration timeout = TrafficTiming.burstTimeout(t.timeout(), i.slowestRtt);
        i.burstsStarted++;
        daemon.metrics.burst(i.name(), "started");
        LOG.info(() -> "interface " + i.name() + " is suspected (" + s.reason() + "): probing " + t.trackIps().size()
                + " target(s) " + timing.probes() + " times, timeout " + timeout.toMillis() + " ms");
        List<List<CompletableFuture<ProbeOutcome>>> all = new ArrayList<>();
        for (String target : t.trackIps()) {
            List<CompletableFuture<ProbeOutcome>> probesOfTarget = new ArrayList<>();
            for (int k = 0; k < timing.probes(); k++) {
                CompletableFuture<ProbeOutcome> f = new CompletableFuture<>();
                probesOfTarget.add(f);
                Runnable send = () -> probes.probeOnce(i, target, timeout)
                        .whenComplete((o, e) -> f.complete(e == null ? o : ProbeOutcome.failed()));
                daemon.main.schedule(send, k * timing.spacing().toMillis(), TimeUnit.MILLISECONDS);
            }
            all.add(probesOfTarget);
        }
        CompletableFuture.allOf(all.stream().flatMap(List::stream).toArray(CompletableFuture<?>[]::new))
                .whenComplete((v, e) -> daemon.main.execute(() -> finishBurst(i, gen, s, all)));
    }

    /**
     * A failed burst on a WAN that still had no reply counts as failed rounds in the score machine
     * ({@link net.mwan3.track.ScoreMachine#onFailedBurst}): the same events, user script, conntrack
     * deletion and routing as rounds; the next round follows after what the machine says. A burst that
     * passed changes nothing but the watch's backoff.
     */
    private void finishBurst(Iface i, int gen, Suspicion s, List<List<CompletableFuture<ProbeOutcome>>> all) {
        if (gen != i.generation || !i.up() || i.traffic == null) {
            if (i.traffic != null) {
                i.traffic.reset();
            }
            return;
        }
        List<List<ProbeOutcome>> outcomes = all.stream()
                .map(l -> l.stream().map(f -> f.getNow(ProbeOutcome.failed())).toList()).toList();
        String method = i.config.tracking().method().uci();
        outcomes.forEach(l -> l.forEach(o -> daemon.metrics.probe(i.name(), method, o.success())));
        BurstVerdict verdict = BurstVerdict.judge(new RoundEvaluator(i.config.tracking()), outcomes);
        boolean confirmed = !verdict.passed() && i.traffic.stillSilent() && i.tracker.state().routable();
        i.traffic.burstDone(confirmed);
        if (!confirmed) {
            i.burstsCleared++;
            i.lastBurst = "cleared: " + s.reason();
            daemon.metrics.burst(i.name(), "cleared");
            LOG.info(() -> "interface " + i.name() + ": burst cleared the suspicion ("
                    + (verdict.passed() ? "targets answered" : "replies arrived meanwhile") + ")");
            return;
        }
        i.burstsConfirmed++;
        i.lastBurst = "confirmed: " + s.reason();
        daemon.metrics.burst(i.name(), "confirmed");
        LOG.info(() -> "interface " + i.name() + ": burst confirmed (" + s.reason() + ", no target answered)");
        Instant now = daemon.clock.instant();
        i.cancelRound();
        i.roundStarted = 0;
        i.lastRound = now;
        handle(i, i.tracker.onFailedBurst(verdict, now));
    }

    @Override
    public void close() {
        probes.close();
    }
}
