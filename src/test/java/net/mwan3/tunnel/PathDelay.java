package net.mwan3.tunnel;

/**
 * One direction's impairment on a relayed path: a fixed {@code delay} plus a uniform jitter in
 * [-{@code jitter}, +{@code jitter}]. {@code reorder} says whether jitter may let a datagram overtake the one
 * received before it (netem's behaviour) or only stretch the delay (a real path is a queue: the default).
 */
public record PathDelay(long delayNanos, long jitterNanos, boolean reorder) {
    public PathDelay {
        if (delayNanos < 0 || jitterNanos < 0) {
            throw new IllegalArgumentException("negative delay or jitter: " + delayNanos + " ± " + jitterNanos);
        }
    }

    /** {@code delay} ± {@code jitter} milliseconds, in order. */
    public static PathDelay millis(double delay, double jitter) {
        return new PathDelay(Math.round(delay * 1e6), Math.round(jitter * 1e6), false);
    }

    public PathDelay reordering() {
        return new PathDelay(delayNanos, jitterNanos, true);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.1f±%.1f ms%s", delayNanos / 1e6, jitterNanos / 1e6,
                reorder ? " (reordering)" : "");
    }
}
