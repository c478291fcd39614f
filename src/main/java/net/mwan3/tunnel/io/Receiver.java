package net.mwan3.tunnel.io;

import java.nio.ByteBuffer;

import net.mwan3.tunnel.DedupWindow;
import net.mwan3.tunnel.PacketCipher;
import net.mwan3.tunnel.WireFormat;

/**
 * A receiving thread for one socket: header check, AEAD open, path lookup (fixed on a client socket, learned on
 * the server's), beats into path health, and data through the de-dup window (and reorder buffer) to the TUN
 * device. Every refusal is counted; nothing here throws for a bad datagram.
 */
final class Receiver implements Runnable {
    private static final int IDLE_POLL_MILLIS = 10;
    private final TunnelEndpoint e;
    private final PathSocket socket;
    private final TunnelPath fixed;
    private final PacketCipher cipher;
    private final byte[] in = new byte[65536];
    private final ByteBuffer inBuf = ByteBuffer.wrap(in);
    private final byte[] plain = new byte[65536];
    private final ByteBuffer plainBuf = ByteBuffer.wrap(plain);
    private final byte[] from = new byte[128];
    private final WireFormat.Header header = new WireFormat.Header();
    private final WireFormat.Beat beat = new WireFormat.Beat();

    Receiver(TunnelEndpoint e, PathSocket socket, TunnelPath fixed) {
        this.e = e;
        this.socket = socket;
        this.fixed = fixed;
        this.cipher = PacketCipher.of(e.config.key(), !e.isClient());
    }

    @Override
    public void run() {
        while (e.running) {
            inBuf.clear();
            int n = socket.receive(inBuf, from);
            if (n == 0) {
                socket.awaitReadable(IDLE_POLL_MILLIS);
            } else if (n < 0) {
                e.counters.receiveErrors.incrementAndGet();
            } else {
                handle(n, System.nanoTime());
            }
        }
    }

    private void handle(int n, long now) {
        if (!WireFormat.getHeader(inBuf, n, header)) {
            e.counters.badHeader.incrementAndGet();
            return;
        }
        int m = cipher.open(in, n, plain);
        if (m < 0) {
            e.counters.authFailed.incrementAndGet();
            return;
        }
        if (header.pathId >= WireFormat.MAX_PATHS) {
            e.counters.wrongPath.incrementAndGet();
            return;
        }
        TunnelPath p = fixed != null ? fixed : e.learn(header.pathId, from, now);
        if (p.id != header.pathId) {
            e.counters.wrongPath.incrementAndGet();
            return;
        }
        p.rxPackets.incrementAndGet();
        p.countPathSeq(header.session, header.pathSeq & 0xFFFFFFFFL);
        p.rxBytes.addAndGet(n);
        p.lastHeard = now;
        if (header.type == WireFormat.TYPE_BEAT) {
            WireFormat.getBeat(plainBuf, 0, beat);
            p.onBeat(beat, (header.flags & WireFormat.FLAG_STANDBY) != 0, now);
            synchronized (e.rxLock) {
                session(now);
            }
            return;
        }
        if (m > e.config.mtu()) {
            e.counters.oversize.incrementAndGet();
            return;
        }
        synchronized (e.rxLock) {
            session(now);
            deliver(p, m, now);
        }
    }

    /** A new peer session (the peer restarted): its numbers start anew. Guarded by rxLock. */
    private void session(long now) {
        if (!e.peerSessionKnown || e.peerSession != header.session) {
            e.peerSessionKnown = true;
            e.peerSession = header.session;
            e.dedup.reset();
            if (e.reorder != null) {
                e.reorder.reset();
            }
            e.counters.sessions.incrementAndGet();
        }
    }

    private void deliver(TunnelPath p, int m, long now) {
        DedupWindow.Verdict v = e.dedup.accept(header.globalSeq, now);
        if (v == DedupWindow.Verdict.DUPLICATE) {
            e.counters.duplicates.incrementAndGet();
        } else if (v == DedupWindow.Verdict.TOO_OLD) {
            e.counters.tooOld.incrementAndGet();
        } else if (e.reorder != null) {
            e.reorder.offer(header.globalSeq, p.id, plain, 0, m, now);
            e.reorder.expire(now, e.reorderBoundNanos);
        } else {
            e.writeTun(plain, 0, m);
        }
    }
}
