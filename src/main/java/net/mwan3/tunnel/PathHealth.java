package net.mwan3.tunnel;

/**
 * Up/down judgement of one path from the peer's beats: a path goes down only on total silence, when nothing
 * authentic arrived for {@code downAfter} beat intervals (12 × 25 ms = 300 ms; at 30 % loss twelve beats in a row
 * are lost about once in two million windows, so a lossy path keeps its copies), and comes back up
 * after {@code upAfter} consecutive beats, each within 1.5 intervals of the one before, so a single stray
 * datagram does not revive a flapping path. A new path starts down. Times are nanoseconds passed in.
 *
 * <p>Beats are one judge, the WAN's owner is the other: a path whose WAN mwan3's tracker has declared offline is
 * {@linkplain #setUsable unusable} and down at once, whatever its beats say (T12: the tracker already waited out
 * its own evidence, a second wait here would only lose packets). Beats keep being judged meanwhile, so the path
 * is up again the moment its WAN is usable, if its beats are still fresh.
 */
public final class PathHealth {
    private final long interval;
    private final int downAfter;
    private final int upAfter;
    private boolean up;
    /** The beat judgement alone; {@link #up} is this and {@link #usable}. */
    private boolean alive;
    private boolean usable = true;
    private boolean everHeard;
    private long lastBeat;
    private int goodBeats;
    private long wentUp;
    private long wentDown;
    private int transitions;

    public PathHealth(long beatIntervalNanos, int downAfter, int upAfter) {
        this.interval = beatIntervalNanos;
        this.downAfter = downAfter;
        this.upAfter = upAfter;
    }

    /** The defaults: down after {@code deadNanos} of silence, up after 2 good beats. */
    public static PathHealth standard(long beatIntervalNanos, long deadNanos) {
        return new PathHealth(beatIntervalNanos, (int) Math.max(1, deadNanos / beatIntervalNanos), 2);
    }

    /** A beat from the peer arrived on this path at {@code now}. */
    public void onBeat(long now) {
        if (everHeard && now - lastBeat > interval * 3 / 2) {
            goodBeats = 0;
        }
        everHeard = true;
        lastBeat = now;
        if (!alive && ++goodBeats >= upAfter) {
            alive = true;
        }
        judge(now);
    }

    /**
     * Any other authentic datagram of the peer's on this path at {@code now}: proof of life as good as a beat
     * while the path is alive (loss is not death: only total silence is), though not enough to bring it up.
     */
    public void onTraffic(long now) {
        if (alive && now > lastBeat) {
            lastBeat = now;
        }
    }

    /** Re-judges the path at {@code now}; call at least once per beat interval. */
    public void tick(long now) {
        if (alive && now - lastBeat > downAfter * interval) {
            alive = false;
            goodBeats = 0;
        }
        judge(now);
    }

    /** Whether the path's WAN may carry traffic (mwan3's tracker); an unusable path is down from {@code now}. */
    public void setUsable(boolean usable, long now) {
        this.usable = usable;
        judge(now);
    }

    public boolean usable() {
        return usable;
    }

    private void judge(long now) {
        boolean next = alive && usable;
        if (next != up) {
            up = next;
            if (next) {
                wentUp = now;
            } else {
                wentDown = now;
            }
            transitions++;
        }
    }

    public boolean up() {
        return up;
    }

    /** Nanos since the last beat, or -1 if none came yet. */
    public long silentFor(long now) {
        return everHeard ? now - lastBeat : -1;
    }

    /** When the path last changed state (up or down), 0 if never. */
    public long since() {
        return up ? wentUp : wentDown;
    }

    /** How many times it went up or down. */
    public int transitions() {
        return transitions;
    }
}
