package net.mwan3.track;

import java.util.List;
import java.util.OptionalInt;

import net.mwan3.config.Quality;
import net.mwan3.config.Tracking;

/**
 * Judges one round the way mwan3track does (reference §5.3): targets are taken in {@code track_ip} order,
 * each is probed only while fewer than {@code reliability} targets have come up, and the rest are
 * {@code skipped}; the round is good when at least {@code reliability} targets are up.
 *
 * <p>Our probers run concurrently, so the evaluator never depends on the order results arrive in. A
 * {@link RoundProgress} answers "which targets must still be probed" (the ones mwan3 would probe whatever the
 * outstanding results turn out to be), and once it is complete it yields exactly the statuses and verdict the
 * sequential shell loop would have produced. Results for targets mwan3 would not have probed are discarded.
 *
 * <p>With {@code check_quality}, a target is down at or beyond either failure threshold, up within both
 * recovery thresholds, and {@code skipped} in between: that counts neither towards reliability nor as lost.
 */
public final class RoundEvaluator {

    /** The latency mwan3 records for a failed probe under check_quality (with 100 % loss). */
    public static final int FAILED_LATENCY_MS = 999_999;

    private final List<String> targets;
    private final int reliability;
    private final boolean checkQuality;
    private final Quality quality;

    public RoundEvaluator(List<String> targets, int reliability, boolean checkQuality, Quality quality) {
        if (reliability < 0) {
            throw new IllegalArgumentException("negative reliability: " + reliability);
        }
        this.targets = List.copyOf(targets);
        this.reliability = reliability;
        this.checkQuality = checkQuality;
        this.quality = quality;
    }

    public RoundEvaluator(Tracking tracking) {
        this(tracking.trackIps(), tracking.reliability(), tracking.checkQuality(), tracking.quality());
    }

    public List<String> targets() {
        return targets;
    }

    public int reliability() {
        return reliability;
    }

    /** A round with nothing probed yet. */
    public RoundProgress begin() {
        return RoundProgress.start(this);
    }

    /**
     * The verdict for a round in which every target was probed (one outcome per target, in order): what
     * mwan3 would have concluded probing them one by one.
     */
    public RoundVerdict evaluate(List<ProbeOutcome> outcomes) {
        if (outcomes.size() != targets.size()) {
            throw new IllegalArgumentException(outcomes.size() + " outcomes for " + targets.size() + " targets");
        }
        RoundProgress progress = begin();
        for (int i = 0; i < outcomes.size(); i++) {
            progress = progress.with(i, outcomes.get(i));
        }
        return progress.verdict();
    }

    /** mwan3's judgement of one probed target. */
    public TargetResult judge(String ip, ProbeOutcome outcome) {
        if (!checkQuality) {
            TargetStatus status = outcome.success() ? TargetStatus.UP : TargetStatus.DOWN;
            return new TargetResult(ip, status, outcome.latencyMs(), outcome.lossPercent());
        }
        boolean lostAll = !outcome.success() || outcome.lossPercent().orElse(0) == 100;
        if (!lostAll && !outcome.isMeasured()) {
            // mwan3 compares empty strings against the thresholds; both tests fail and the target is skipped
            return new TargetResult(ip, TargetStatus.SKIPPED, OptionalInt.empty(), OptionalInt.empty());
        }
        int latency = lostAll ? FAILED_LATENCY_MS : outcome.latencyMs().getAsInt();
        int loss = lostAll ? 100 : outcome.lossPercent().getAsInt();
        return new TargetResult(ip, qualityStatus(latency, loss), OptionalInt.of(latency), OptionalInt.of(loss));
    }

    private TargetStatus qualityStatus(int latency, int loss) {
        if (loss >= quality.failureLoss() || latency >= quality.failureLatency()) {
            return TargetStatus.DOWN;
        }
        if (loss <= quality.recoveryLoss() && latency <= quality.recoveryLatency()) {
            return TargetStatus.UP;
        }
        return TargetStatus.SKIPPED;
    }
}
