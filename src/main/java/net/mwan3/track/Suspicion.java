package net.mwan3.track;

import java.time.Duration;
import java.time.Instant;

/**
 * Why a WAN is suspected: {@code unanswered} packets left by it over {@code silent} with no reply at
 * all, as of {@code since}.
 */
public record Suspicion(Instant since, long unanswered, Duration silent) {

    /** mwan3-style words for status: {@code no reply to 37 packet(s) in 1.2 s}. */
    public String reason() {
        return "no reply to " + unanswered + " packet(s) in " + String.format(java.util.Locale.ROOT, "%.1f",
                silent.toMillis() / 1000.0) + " s";
    }
}
