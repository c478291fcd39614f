package net.mwan3.tunnel;

/**
 * Puts de-duplicated data packets of the aggregate mode back in global order, bounded in time: a packet in
 * order is delivered at once (with any held run behind it); a packet after a gap is held until the gap fills
 * or the oldest held packet has waited {@code bound} (MLVPN's 2.2 × (srtt + 4 rttvar) skew, decided by the
 * caller), then the gap is given up. A packet from a given-up gap still arrives late: it is delivered at once
 * and counted, since a late packet costs TCP less than a lost one.
 *
 * <p>Most gaps are losses, and waiting out the bound for each stalls TCP's ACK clock for that long (at a loss
 * every few hundred milliseconds that alone cost a fifth of the goodput). But each path is one FIFO and the
 * sender numbers packets in sending order, so once every path that is carrying traffic has delivered a packet
 * numbered above a gap, nothing of the gap can still be on its way: it is given up at once. A path counts as
 * carrying traffic while it delivered a packet within the last bound; one idle longer is no reason to wait
 * (a packet it still brings is only late, and delivered). The slots are allocated once; a packet
 * further ahead than the slots reach forces the oldest held packets out. Not thread-safe.
 */
public final class ReorderBuffer {
    /** Receives packets in the order they are released. */
    @FunctionalInterface
    public interface Sink {
        void deliver(byte[] buf, int offset, int length);
    }

    private final Sink sink;
    private final int mask;
    private final byte[][] slot;
    private final int[] length;
    private final long[] seqAt;
    private final long[] heldSince;
    /** Per path: the highest seq it delivered, and when it delivered last. */
    private final long[] newest = new long[WireFormat.MAX_PATHS];
    private final long[] heardAt = new long[WireFormat.MAX_PATHS];
    private int paths;
    private long window = 50_000_000L;
    private boolean started;
    private long next;
    private int held;
    private long late;
    private long skipped;

    public ReorderBuffer(int slots, int slotBytes, Sink sink) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        this.sink = sink;
        this.mask = slots - 1;
        this.slot = new byte[slots][slotBytes];
        this.length = new int[slots];
        this.seqAt = new long[slots];
        this.heldSince = new long[slots];
        java.util.Arrays.fill(seqAt, -1);
    }

    /** Offers data packet {@code seq} received on {@code path} at {@code now}; it is copied if held. */
    public void offer(long seq, int path, byte[] buf, int offset, int len, long now) {
        if (!started) {
            started = true;
            next = seq;
        }
        long s = seq;
        if (path >= paths || s > newest[path]) {
            for (; paths <= path; paths++) {
                newest[paths] = Long.MIN_VALUE;
                heardAt[paths] = Long.MIN_VALUE;
            }
            newest[path] = s;
        }
        heardAt[path] = now;
        hold(s, buf, offset, len, now);
        if (held > 0) {
            releaseLost(now);
        }
    }

    private void hold(long s, byte[] buf, int offset, int len, long now) {
        if (s < next) {
            late++;
            sink.deliver(buf, offset, len);
            return;
        }
        while (s - next > mask && held > 0) {
            skipToOldestHeld();
        }
        if (s - next > mask) {
            skipped += s - next;
            next = s;
        }
        if (s == next) {
            sink.deliver(buf, offset, len);
            next++;
            drain();
            return;
        }
        int i = (int) (s & mask);
        if (seqAt[i] == s) {
            return;
        }
        System.arraycopy(buf, offset, slot[i], 0, len);
        length[i] = len;
        seqAt[i] = s;
        heldSince[i] = now;
        held++;
    }

    /** Gives up the seqs below what every path carrying traffic has delivered: the FIFOs hold none of them. */
    private void releaseLost(long now) {
        long limit = Long.MAX_VALUE;
        for (int p = 0; p < paths; p++) {
            if (heardAt[p] != Long.MIN_VALUE && now - heardAt[p] <= window) {
                limit = Math.min(limit, newest[p]);
            }
        }
        if (limit == Long.MAX_VALUE || limit <= next) {
            return;
        }
        for (; next < limit; next++) {
            int i = (int) (next & mask);
            if (seqAt[i] == next) {
                seqAt[i] = -1;
                held--;
                sink.deliver(slot[i], 0, length[i]);
            } else {
                skipped++;
            }
        }
        drain();
    }

    /**
     * Gives up gaps whose first held packet has waited longer than {@code boundNanos}, which is also how long a
     * path may stay silent and still count as carrying traffic.
     */
    public void expire(long now, long boundNanos) {
        window = boundNanos;
        while (held > 0) {
            int i = firstHeld();
            if (now - heldSince[i] <= boundNanos) {
                return;
            }
            skipToOldestHeld();
        }
    }

    /** Forgets everything held (the peer restarted). */
    public void reset() {
        java.util.Arrays.fill(seqAt, -1);
        held = 0;
        started = false;
        paths = 0;
    }

    private void skipToOldestHeld() {
        long target = seqAt[firstHeld()];
        skipped += target - next;
        next = target;
        drain();
    }

    private int firstHeld() {
        for (long s = next; ; s++) {
            int i = (int) (s & mask);
            if (seqAt[i] == s) {
                return i;
            }
        }
    }

    private void drain() {
        for (int i = (int) (next & mask); seqAt[i] == next; i = (int) (next & mask)) {
            seqAt[i] = -1;
            held--;
            sink.deliver(slot[i], 0, length[i]);
            next++;
        }
    }

    /** Whether {@code seq} comes after its gap was given up (it would be delivered as late). */
    public boolean late(long seq) {
        return started && seq < next;
    }

    /** Packets held now. */
    public int held() {
        return held;
    }

    /** Packets that arrived after their gap had been given up. */
    public long late() {
        return late;
    }

    /** Sequence numbers given up (lost, or later counted as late). */
    public long skipped() {
        return skipped;
    }
}
