package net.mwan3.tunnel;

/**
 * When a relayed datagram leaves, for one direction of one path: its arrival time plus {@link PathDelay}'s delay
 * and jitter. Unless the delay allows reordering, a datagram is never due before the one that arrived ahead of it
 * (its due time is raised to its predecessor's), so jitter stretches delays but keeps the order, and a delay that
 * is lowered while running drains like a queue instead of letting new datagrams overtake old ones. Pure: the
 * caller passes the time and the random draw. Not thread-safe.
 */
public final class DelaySchedule {
    private long lastDue = Long.MIN_VALUE;

    /**
     * The time a datagram arriving at {@code now} (nanoseconds, any origin) leaves; {@code uniform} is a random
     * draw in [0, 1) that picks the jitter.
     */
    public long due(long now, PathDelay d, double uniform) {
        if (uniform < 0 || uniform >= 1) {
            throw new IllegalArgumentException("uniform draw outside [0, 1): " + uniform);
        }
        long jitter = Math.round((2 * uniform - 1) * d.jitterNanos());
        long due = now + Math.max(0, d.delayNanos() + jitter);
        if (!d.reorder() && due < lastDue) {
            due = lastDue;
        }
        lastDue = Math.max(lastDue, due);
        return due;
    }
}
