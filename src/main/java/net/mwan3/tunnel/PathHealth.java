package net.mwan3.tunnel;

/**
 * Up/down judgement of one path from the peer's beats (MUD beats every 100 ms): a path goes down when no beat
 * arrived for {@code downAfter} beat intervals (3 × 100 ms keeps detection within T6's 300 ms) and comes back up
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

    /** The defaults: down after 3 missed beats, up after 2 good ones. */
    public static PathHealth standard(long beatIntervalNanos) {
        return new PathHealth(beatIntervalNanos, 3, 2);
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
