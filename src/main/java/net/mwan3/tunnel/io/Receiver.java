package net.mwan3.tunnel.io;

import java.nio.ByteBuffer;

import net.mwan3.tunnel.DatagramMac;
import net.mwan3.tunnel.DedupWindow;
import net.mwan3.tunnel.WireFormat;

/**
 * The receiving half of the tunnel's {@link EventLoop} for one socket. Every datagram's MAC is checked before any
 * of its fields is used: HELLO/CHALLENGE/RESPONSE under their own keys (the handshake, in
 * {@link TunnelEndpoint}), DATA and BEAT under the session's. On the server a session datagram must also come from
 * its path's proven address. Then beats feed the path (only beats with a path seq above every earlier one) and
 * data goes through the de-dup window (and reorder buffer) to WireGuard. Every refusal is counted; nothing here
 * throws for a bad datagram. A UDP GRO read is split and each datagram handled as if it came alone.
 */
final class Receiver {
    private final TunnelEndpoint e;
    private final PathSocket socket;
    /** The client path of this socket; null on the server's socket. */
    private final TunnelPath fixed;
    private final byte[] in = new byte[65536];
    private final ByteBuffer inBuf = ByteBuffer.wrap(in);
    private final byte[] from = new byte[128];
    private final byte[] nonceA = new byte[WireFormat.NONCE];
    private final byte[] nonceB = new byte[WireFormat.NONCE];
    private final WireFormat.Beat beat = new WireFormat.Beat();

    Receiver(TunnelEndpoint e, PathSocket socket, TunnelPath fixed) {
        this.e = e;
        this.socket = socket;
        this.fixed = fixed;
    }

    boolean step() {
        int handled = 0;
        while (handled < EventLoop.BURST) {
            int n = socket.receive(from);
            if (n == 0) {
                break;
            } else if (n < 0) {
                e.counters.receiveErrors.incrementAndGet();
                handled++;
            } else {
                handled += split(n, System.nanoTime());
            }
        }
        return handled > 0;
    }

    private int split(int n, long now) {
        int size = socket.segmentSize();
        if (size <= 0 || size >= n) {
            take(0, n, now);
            return 1;
        }
        e.counters.udpGroReads.incrementAndGet();
        int count = 0;
        for (int at = 0; at < n; at += size, count++) {
            take(at, Math.min(size, n - at), now);
        }
        return count;
    }

    private void take(int offset, int length, long now) {
        if (length > in.length) {
            e.counters.oversize.incrementAndGet();
            return;
        }
        socket.copy(offset, in, length);
        handle(length, now);
    }

    private void handle(int n, long now) {
        int type = WireFormat.type(inBuf, n);
        if (type < 0) {
            e.counters.badHeader.incrementAndGet();
            return;
        }
        switch (type) {
            case WireFormat.TYPE_HELLO -> {
                if (fixed == null) {
                    e.onHello(from, inBuf, n, nonceA, now);
                } else {
                    e.counters.staleControl.incrementAndGet();
                }
            }
            case WireFormat.TYPE_RESPONSE -> {
                if (fixed == null) {
                    e.onResponse(from, inBuf, n, nonceA, nonceB, now);
                } else {
                    e.counters.staleControl.incrementAndGet();
                }
            }
            case WireFormat.TYPE_CHALLENGE -> {
                if (fixed != null) {
                    e.onChallenge(fixed, inBuf, n, nonceA, now);
                } else {
                    e.counters.staleControl.incrementAndGet();
                }
            }
            default -> session(type, n, now);
        }
    }

    /** A DATA or BEAT datagram: the session's MAC, the path, then its content. */
    private void session(int type, int n, long now) {
        long id = WireFormat.session(inBuf);
        int pathId = WireFormat.pathId(inBuf);
        TunnelPath p;
        if (fixed != null) {
            if (pathId != fixed.id) {
                e.counters.badHeader.incrementAndGet();
                return;
            }
            DatagramMac mac = e.clientRxMac(id, inBuf, n);
            if (mac == null) {
                e.counters.unknownSession.incrementAndGet();
                return;
            }
            if (!mac.verify(inBuf, n)) {
                e.counters.authFailed.incrementAndGet();
                return;
            }
            p = fixed;
            p.handshake.established(); // the server uses the session on this path: it took the path
        } else {
            if (id != e.sessionId || e.rxMac == null) {
                e.counters.unknownSession.incrementAndGet();
                return;
            }
            p = e.byId[pathId];
            if (p == null || !PathSocket.sameSender(p.peer, from)) {
                e.counters.wrongSource.incrementAndGet(); // only a RESPONSE may move a path
                return;
            }
            if (!e.rxMac.verify(inBuf, n)) {
                e.counters.authFailed.incrementAndGet();
                return;
            }
        }
        boolean fresh = p.countPathSeq(WireFormat.pathSeq(inBuf), n, now);
        if (type == WireFormat.TYPE_BEAT) {
            if (!fresh) {
                p.replayed.incrementAndGet();
                e.counters.replayed.incrementAndGet();
                return;
            }
            beat.get(inBuf);
            p.onBeat(beat, WireFormat.pathSeq(inBuf), (WireFormat.flags(inBuf) & WireFormat.FLAG_STANDBY) != 0,
                    e.otherFull(p), now);
        } else {
            if (fresh) {
                p.onTraffic(now);
            }
            data(p, n, now);
        }
    }

    private void data(TunnelPath p, int n, long now) {
        long g = WireFormat.seq(inBuf);
        int length = n - WireFormat.OVERHEAD;
        DedupWindow.Verdict v = e.dedup.accept(g, now);
        if (v == DedupWindow.Verdict.DUPLICATE) {
            p.duplicates.incrementAndGet();
            e.counters.duplicates.incrementAndGet();
        } else if (v == DedupWindow.Verdict.TOO_OLD) {
            e.counters.tooOld.incrementAndGet();
        } else if (e.reorder != null && length <= TunnelEndpoint.REORDER_SLOT) {
            if (e.reorder.late(g)) {
                p.late.incrementAndGet();
            }
            e.reorder.offer(g, p.id, in, WireFormat.HEADER, length, now);
            e.reorder.expire(now, e.reorderBoundNanos);
        } else {
            e.deliver(in, WireFormat.HEADER, length);
        }
    }
}
