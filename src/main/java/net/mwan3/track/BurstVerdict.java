package net.mwan3.track;

import java.util.ArrayList;
import java.util.List;

/**
 * A probe burst judged as rounds: the k-th probe to every target forms the k-th round, judged by the
 * interface's {@link RoundEvaluator} (its reliability, check_quality). The burst passes when any of its
 * rounds is good; it fails only when all of them are bad, and then counts as that many failed rounds
 * in the score machine ({@link ScoreMachine#onFailedBurst}).
 */
public record BurstVerdict(List<RoundVerdict> rounds) {

    public BurstVerdict {
        rounds = List.copyOf(rounds);
    }

    /** {@code outcomes.get(t).get(k)}: the k-th probe to target t, targets in {@code track_ip} order. */
    public static BurstVerdict judge(RoundEvaluator evaluator, List<List<ProbeOutcome>> outcomes) {
        int probes = outcomes.stream().mapToInt(List::size).max().orElse(0);
        List<RoundVerdict> rounds = new ArrayList<>(probes);
        for (int k = 0; k < probes; k++) {
            List<ProbeOutcome> round = new ArrayList<>(outcomes.size());
            for (List<ProbeOutcome> target : outcomes) {
                round.add(k < target.size() ? target.get(k) : ProbeOutcome.failed());
            }
            rounds.add(evaluator.evaluate(round));
        }
        return new BurstVerdict(rounds);
    }

    public boolean passed() {
        return rounds.isEmpty() || rounds.stream().anyMatch(RoundVerdict::up);
    }
}
