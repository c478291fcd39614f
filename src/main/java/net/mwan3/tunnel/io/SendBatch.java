package net.mwan3.tunnel.io;

import java.nio.ByteBuffer;

import net.mwan3.tunnel.GsoBatch;

/**
 * One path's run of sealed datagrams waiting in direct memory for one {@link PathSocket#send} (UDP GSO): the
 * {@link Sender} adds them in sequence order and sends the run when the next cannot join ({@link GsoBatch}), when
 * it is full, before a beat on the path and at the end of every loop turn. Allocated once per path id.
 */
final class SendBatch {
    private final GsoBatch run = new GsoBatch();
    private final ByteBuffer data = ByteBuffer.allocateDirect(GsoBatch.MAX_BYTES);
    private final long address = MessageBlock.address(data);
    private TunnelPath path;

    /** Whether a datagram of {@code length} bytes may join (else send first). */
    boolean accepts(int length) {
        return run.accepts(length);
    }

    /** Adds {@code datagram[0..length)} for {@code p}; returns whether the run is complete (send it now). */
    boolean add(TunnelPath p, byte[] datagram, int length) {
        path = p;
        data.put(run.add(length), datagram, 0, length);
        return run.complete();
    }

    boolean isEmpty() {
        return run.isEmpty();
    }

    /** Sends the run (if any) and empties it; counts what went, what was lost and what the kernel did. */
    void send(TunnelCounters counters) {
        if (run.isEmpty()) {
            return;
        }
        PathSocket s = path.socket;
        boolean refusedBefore = s.segmentOffloadRefused();
        int count = run.count();
        int sent = s.send(address, run.bytes(), run.segmentSize(), count, path.peer);
        if (s.segmentOffloadRefused() && !refusedBefore) {
            counters.udpGsoRefused.incrementAndGet();
        }
        if (count > 1 && s.segmentOffload() && sent == count) {
            counters.udpGsoSends.incrementAndGet();
        }
        path.txPackets += sent;
        path.txBytes += sent == count ? run.bytes() : (long) sent * run.segmentSize();
        if (sent < count) {
            path.sendErrors.addAndGet(count - sent);
        }
        run.clear();
        path = null;
    }
}
