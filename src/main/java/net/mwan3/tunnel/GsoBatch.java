package net.mwan3.tunnel;

/**
 * The rule for one path's run of datagrams sent with one {@code sendmsg} and a UDP_SEGMENT control message
 * (UDP GSO): the kernel cuts the run into datagrams of the first one's size, so every datagram but the last must
 * have that size and the last may be shorter. A datagram that cannot join (larger, or after a shorter last one,
 * or over the limits) means the run goes out first. Only the bookkeeping lives here: where the bytes are and
 * when they are sent is the caller's (the tunnel's Sender), which also sends whatever is left at the end of each
 * loop turn, so a run never waits for more traffic.
 */
public final class GsoBatch {
    /** The kernel's UDP_MAX_SEGMENTS. */
    public static final int MAX_SEGMENTS = 64;
    /** The largest UDP payload of one IPv4 packet (65535 - 20 - 8): the run travels as one until it is cut. */
    public static final int MAX_BYTES = 65535 - 20 - 8;
    private int segmentSize;
    private int count;
    private int bytes;
    private boolean closed;

    /** Whether a datagram of {@code length} bytes may join the run; an empty run takes any. */
    public boolean accepts(int length) {
        return count == 0 || !closed && length <= segmentSize && count < MAX_SEGMENTS && bytes + length <= MAX_BYTES;
    }

    /** Adds a datagram the run {@link #accepts}; returns its offset in the run's bytes. */
    public int add(int length) {
        if (!accepts(length) || length <= 0) {
            throw new IllegalStateException("datagram of " + length + " cannot join " + this);
        }
        int at = bytes;
        if (count == 0) {
            segmentSize = length;
        } else if (length < segmentSize) {
            closed = true;
        }
        count++;
        bytes += length;
        return at;
    }

    /** Whether no datagram of the segment size could join any more: send it now rather than later. */
    public boolean complete() {
        return closed || count == MAX_SEGMENTS || bytes + segmentSize > MAX_BYTES;
    }

    /** Starts an empty run. */
    public void clear() {
        count = 0;
        bytes = 0;
        segmentSize = 0;
        closed = false;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public int count() {
        return count;
    }

    /** Total length of the run: the bytes of all its datagrams back to back. */
    public int bytes() {
        return bytes;
    }

    /** The size of every datagram but the last (the UDP_SEGMENT value); 0 when empty. */
    public int segmentSize() {
        return segmentSize;
    }

    @Override
    public String toString() {
        return "GsoBatch[" + count + " x " + segmentSize + ", " + bytes + " bytes" + (closed ? ", closed]" : "]");
    }
}
