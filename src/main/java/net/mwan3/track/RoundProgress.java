package net.mwan3.track;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The probe results of one round gathered so far, in any order. Immutable: {@link #with} returns a new value.
 *
 * <p>{@link #mustProbe()} lists the targets mwan3 would certainly probe given what is known: walking the list
 * in order and assuming every outstanding probe succeeds, a target still counts as needed while fewer than
 * {@code reliability} successes are behind it. Probing exactly those (concurrently), then asking again, reaches
 * the sequential result with the fewest probes; when the list is empty the round is {@link #complete()}.
 */
public final class RoundProgress {

    private final RoundEvaluator evaluator;
    private final ProbeOutcome[] outcomes;

    private RoundProgress(RoundEvaluator evaluator, ProbeOutcome[] outcomes) {
        this.evaluator = evaluator;
        this.outcomes = outcomes;
    }

    static RoundProgress start(RoundEvaluator evaluator) {
        return new RoundProgress(evaluator, new ProbeOutcome[evaluator.targets().size()]);
    }

    /** This progress plus the outcome for the target at {@code index} (its position in {@code track_ip}). */
    public RoundProgress with(int index, ProbeOutcome outcome) {
        if (outcomes[index] != null) {
            throw new IllegalStateException("target " + index + " already has an outcome this round");
        }
        ProbeOutcome[] next = Arrays.copyOf(outcomes, outcomes.length);
        next[index] = outcome;
        return new RoundProgress(evaluator, next);
    }

    /** Indexes of the targets that must still be probed, in list order; empty once the round is decided. */
    public List<Integer> mustProbe() {
        List<Integer> needed = new ArrayList<>();
        int ups = 0;
        for (int i = 0; i < outcomes.length && ups < evaluator.reliability(); i++) {
            if (outcomes[i] == null) {
                needed.add(i);
                ups++;
            } else if (judge(i).status() == TargetStatus.UP) {
                ups++;
            }
        }
        return needed;
    }

    public boolean complete() {
        return mustProbe().isEmpty();
    }

    /** The round as mwan3 would record it. Only valid once {@link #complete()}. */
    public RoundVerdict verdict() {
        if (!complete()) {
            throw new IllegalStateException("round undecided, still to probe: " + mustProbe());
        }
        List<TargetResult> results = new ArrayList<>(outcomes.length);
        int ups = 0;
        for (int i = 0; i < outcomes.length; i++) {
            if (ups >= evaluator.reliability()) {
                results.add(TargetResult.skipped(evaluator.targets().get(i)));
                continue;
            }
            TargetResult result = judge(i);
            results.add(result);
            if (result.status() == TargetStatus.UP) {
                ups++;
            }
        }
        return new RoundVerdict(results, ups >= evaluator.reliability());
    }

    private TargetResult judge(int index) {
        return evaluator.judge(evaluator.targets().get(index), outcomes[index]);
    }
}
