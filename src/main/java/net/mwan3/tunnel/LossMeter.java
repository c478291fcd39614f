package net.mwan3.tunnel;

/**
 * Loss of what we send on one path, from the peer's beats: each beat reports how many datagrams the peer has
 * received on the path (a wrapping u32), we know how many we sent, and the loss is one minus their ratio over the
 * last {@link #WINDOW} reports (about a second at 100 ms beats). Counting across a window instead of per beat
 * lets the datagrams in flight at either end of it cancel out. A report that claims more arrived than was sent
 * (the peer restarted and counts anew) starts the window over. Pure, allocation-free after construction.
 */
public final class LossMeter {
    static final int WINDOW = 10;
    private final long[] sent = new long[WINDOW + 1];
    private final long[] delivered = new long[WINDOW + 1];
    private int reports;
    private boolean seen;
    private int lastRaw;
    private long deliveredTotal;

    /** One beat: {@code sentTotal} datagrams sent by us so far, {@code deliveredRaw} the peer's wrapping count. */
    public void onReport(long sentTotal, int deliveredRaw) {
        long step = deliveredRaw - lastRaw & 0xFFFFFFFFL;
        lastRaw = deliveredRaw;
        if (seen && reports > 0 && step > sentTotal - sent[(reports - 1) % sent.length] + WINDOW) {
            reports = 0;
        }
        if (!seen || reports == 0) {
            seen = true;
            deliveredTotal = 0;
        } else {
            deliveredTotal += step;
        }
        sent[reports % sent.length] = sentTotal;
        delivered[reports % delivered.length] = deliveredTotal;
        reports++;
    }

    /** Fraction lost over the window, 0..1; -1 until two reports with traffic between them came. */
    public double loss() {
        if (reports < 2) {
            return -1;
        }
        int newest = (reports - 1) % sent.length;
        int oldest = Math.max(0, reports - sent.length) % sent.length;
        long s = sent[newest] - sent[oldest];
        long d = delivered[newest] - delivered[oldest];
        if (s <= 0) {
            return -1;
        }
        return Math.max(0, Math.min(1, 1 - (double) d / s));
    }
}
