package net.mwan3.tunnel.io;

import java.nio.ByteBuffer;

import net.mwan3.tunnel.DedupWindow;
import net.mwan3.tunnel.PacketCipher;
import net.mwan3.tunnel.PeerSession;
import net.mwan3.tunnel.WireFormat;

/**
 * The receiving half of the tunnel's {@link EventLoop} for one socket: header check, AEAD open, peer session,
 * path lookup (fixed on a client socket, learned on the server's), beats into path health, and data through the
 * de-dup window (and reorder buffer) to the TUN device. Every refusal is counted; nothing here throws for a bad
 * datagram. A UDP GRO read (several datagrams of one size from one sender, one syscall) is split here and each
 * datagram handled as if it had come alone.
 */
final class Receiver {
    /** Beats a path's adopted session must have missed before a candidate may move it: as long as a path dies. */
    static final int QUIET_BEATS_BEFORE_MOVE = 3;
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
        this.cipher = PacketCipher.of(e.config.key(), !e.isClient(), e.config.encryption(), AeadChoice.preferred());
    }

    /**
     * Handles waiting datagrams, up to about {@link EventLoop#BURST} (a GRO read is taken whole); returns whether
     * there was any.
     */
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

    /** Handles a read of {@code n} bytes: one datagram, or (UDP GRO) several of the segment size; returns how many. */
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

    /** One datagram of {@code length} bytes at {@code offset} of the read: copied out and handled. */
    private void take(int offset, int length, long now) {
        if (length > e.config.mtu() + WireFormat.OVERHEAD) {
            e.counters.oversize.incrementAndGet(); // larger than any datagram of ours: not worth opening
            return;
        }
        socket.copy(offset, in, length);
        handle(length, now);
    }

    private void handle(int n, long now) {
        if (!WireFormat.getHeader(inBuf, n, header)) {
            e.counters.badHeader.incrementAndGet();
            return;
        }
        int m = duplicate() ? (cipher.authentic(in, n, plain) ? n - WireFormat.OVERHEAD : -1)
                : cipher.open(in, n, plain);
        if (m < 0) {
            e.counters.authFailed.incrementAndGet();
            return;
        }
        if (header.pathId >= WireFormat.MAX_PATHS || fixed != null && fixed.id != header.pathId) {
            e.counters.wrongPath.incrementAndGet();
            return;
        }
        if (header.type == WireFormat.TYPE_BEAT) {
            onBeat(n, now);
        } else if (m > e.config.mtu()) {
            e.counters.oversize.incrementAndGet();
        } else {
            onData(n, m, now);
        }
    }

    /**
     * A data copy of the adopted session whose first copy was taken: authenticated but not decrypted, as
     * {@link #onData} will count and drop it (redundant mode: half of all datagrams). What the header says is only
     * trusted after the tag checks out, as for any datagram.
     */
    private boolean duplicate() {
        if (header.type != WireFormat.TYPE_DATA) {
            return false;
        }
        synchronized (e.rxLock) {
            return e.peerSession.data(header.session) == PeerSession.Verdict.CURRENT
                    && e.dedup.seen(header.globalSeq);
        }
    }

    /** A beat: live beats of a new peer session adopt it; beats of a candidate session are only answered. */
    private void onBeat(int n, long now) {
        WireFormat.getBeat(plainBuf, 0, beat);
        PeerSession.Verdict v;
        synchronized (e.rxLock) {
            v = e.peerSession.beat(header.session, header.pathId, header.pathSeq, beat.echoMicros, (int) (now / 1000));
            if (v == PeerSession.Verdict.ADOPTED) {
                e.dedup.reset();
                if (e.reorder != null) {
                    e.reorder.reset();
                }
                e.counters.sessions.incrementAndGet();
            }
        }
        if (v == PeerSession.Verdict.REPLAY) {
            e.counters.replayed.incrementAndGet();
            return;
        }
        TunnelPath p = heard(n, now, v != PeerSession.Verdict.CANDIDATE, v == PeerSession.Verdict.CANDIDATE);
        if (v == PeerSession.Verdict.CANDIDATE || beat.adoptedSession != e.session) {
            // Answered (its clock echoed) but not yet judged: until the peer has adopted our session it drops
            // our data, so the path must not count as up (the first packets after a start would be lost).
            p.onCandidateBeat(beat, now);
        } else {
            p.onBeat(beat, (header.flags & WireFormat.FLAG_STANDBY) != 0, e.otherFull(p), now);
        }
    }

    /** A data packet: only the adopted session's, only the first copy, and only that may move a server path. */
    private void onData(int n, int m, long now) {
        synchronized (e.rxLock) {
            PeerSession.Verdict v = e.peerSession.data(header.session);
            if (v != PeerSession.Verdict.CURRENT) {
                (v == PeerSession.Verdict.REPLAY ? e.counters.replayed : e.counters.unconfirmedSession)
                        .incrementAndGet();
                return;
            }
            DedupWindow.Verdict d = e.dedup.accept(header.globalSeq, now);
            deliver(heard(n, now, d == DedupWindow.Verdict.NEW, false), d, m, now);
        }
    }

    /**
     * The path the datagram came by, learned on the server. A server path follows its client's address (NAT may
     * change it) on a {@code confirmed} datagram (the adopted session, not a replay), or on a candidate beat once
     * the adopted session has been quiet on it for {@link #QUIET_BEATS_BEFORE_MOVE} beats (the client restarted,
     * perhaps behind a new NAT port); a recorded datagram sent from elsewhere while the session lives moves nothing.
     */
    private TunnelPath heard(int n, long now, boolean confirmed, boolean candidate) {
        long quiet = confirmed ? 0 : candidate ? QUIET_BEATS_BEFORE_MOVE * e.beatNanos : Long.MAX_VALUE;
        TunnelPath p = fixed != null ? fixed : e.learn(header.pathId, from, quiet, now);
        p.rxPackets.incrementAndGet();
        p.countPathSeq(header.session, header.pathSeq & 0xFFFFFFFFL);
        p.rxBytes.addAndGet(n);
        p.lastHeard = now;
        if (confirmed) {
            p.lastConfirmed = now;
        }
        return p;
    }

    private void deliver(TunnelPath p, DedupWindow.Verdict v, int m, long now) {
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
