package net.mwan3.track;

import java.util.OptionalInt;

/**
 * What probing one target found, before mwan3's judgement: whether the probe command would have succeeded,
 * and the average latency and loss when the prober measured them. {@link RoundEvaluator} turns it into a
 * {@link TargetStatus}; check_quality needs the measurements.
 */
public record ProbeOutcome(boolean success, OptionalInt latencyMs, OptionalInt lossPercent) {

    public ProbeOutcome {
        if (latencyMs.isPresent() != lossPercent.isPresent()) {
            throw new IllegalArgumentException("latency and loss are measured together");
        }
        if (lossPercent.isPresent() && (lossPercent.getAsInt() < 0 || lossPercent.getAsInt() > 100)) {
            throw new IllegalArgumentException("loss is a percentage: " + lossPercent.getAsInt());
        }
        if (latencyMs.isPresent() && latencyMs.getAsInt() < 0) {
            throw new IllegalArgumentException("negative latency: " + latencyMs.getAsInt());
        }
    }

    /** Answered, nothing measured. */
    public static ProbeOutcome succeeded() {
        return new ProbeOutcome(true, OptionalInt.empty(), OptionalInt.empty());
    }

    /** No answer, nothing measured. */
    public static ProbeOutcome failed() {
        return new ProbeOutcome(false, OptionalInt.empty(), OptionalInt.empty());
    }

    /** A probe that measured average latency (integer milliseconds, as mwan3 truncates) and loss. */
    public static ProbeOutcome measured(boolean success, int latencyMs, int lossPercent) {
        return new ProbeOutcome(success, OptionalInt.of(latencyMs), OptionalInt.of(lossPercent));
    }

    public boolean isMeasured() {
        return latencyMs.isPresent();
    }
}
