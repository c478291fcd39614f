package net.mwan3.track;

import java.util.List;

/**
 * The result of one round: every target's status in {@code track_ip} order, and whether the round counts as
 * good ({@code host_up_count >= reliability}). Only the verdict and the number of lost targets move the score.
 */
public record RoundVerdict(List<TargetResult> targets, boolean up) {

    public RoundVerdict {
        targets = List.copyOf(targets);
    }

    public int upCount() {
        return count(TargetStatus.UP);
    }

    /** Targets judged down this round: what mwan3 adds to {@code lost}. */
    public int downCount() {
        return count(TargetStatus.DOWN);
    }

    private int count(TargetStatus status) {
        return (int) targets.stream().filter(t -> t.status() == status).count();
    }
}
