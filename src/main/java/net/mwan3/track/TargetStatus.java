package net.mwan3.track;

/** What one round made of one target: mwan3's {@code TRACK_<ip>} file content. */
public enum TargetStatus {
    /** Answered, and within the recovery thresholds when check_quality is on: counts towards reliability. */
    UP("up"),
    /** Did not answer, or beyond a failure threshold: counts as lost. */
    DOWN("down"),
    /** Not probed because reliability was already reached, or (check_quality) between the thresholds. */
    SKIPPED("skipped");

    private final String word;

    TargetStatus(String word) {
        this.word = word;
    }

    /** The word mwan3 writes and status output shows. */
    public String word() {
        return word;
    }

    @Override
    public String toString() {
        return word;
    }
}
