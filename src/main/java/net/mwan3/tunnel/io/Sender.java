package net.mwan3.tunnel.io;

import java.nio.ByteBuffer;

import net.mwan3.tunnel.PathView;
import net.mwan3.tunnel.Scheduler;
import net.mwan3.tunnel.WireFormat;

/**
 * The sending half of the tunnel's {@link EventLoop}: WireGuard's datagrams from the local socket → schedule →
 * header and MAC → path sockets, plus every {@link #TICK_NANOS} the tick: health, beats, the client's HELLOs,
 * carrier, and (server) forgetting silent paths. The payload is copied once behind the header; each path's copy
 * only rewrites the header's path fields and its MAC. Signed datagrams collect per path in a {@link SendBatch}
 * and leave as one UDP GSO send per run, at the latest at the end of the turn.
 */
final class Sender implements PathView {
    static final long TICK_NANOS = 5_000_000L;
    private final TunnelEndpoint e;
    private final Scheduler scheduler;
    private final byte[] out = new byte[65536 + WireFormat.OVERHEAD];
    private final ByteBuffer outBuf = ByteBuffer.wrap(out);
    private final byte[] beatBytes = new byte[WireFormat.OVERHEAD + WireFormat.BEAT_PAYLOAD];
    private final ByteBuffer beatBuf = ByteBuffer.wrap(beatBytes);
    private final WireFormat.Beat beat = new WireFormat.Beat();
    private final byte[] from = new byte[128];
    private final SendBatch[] batches = new SendBatch[WireFormat.MAX_PATHS];
    private long pending;
    private TunnelPath[] view = new TunnelPath[0];
    private long nextTick;
    /**
     * Datagrams WireGuard sent while no path could carry them (before the first session, or with every path
     * dead), sent once one can: WireGuard retries a lost handshake only after 5 s (REKEY_TIMEOUT), and its first
     * initiation usually leaves the moment its device comes up, before our paths do. A few slots, oldest
     * overwritten, none older than {@link #HOLD_NANOS}.
     */
    private static final int HOLD_SLOTS = 8;
    static final long HOLD_NANOS = 5_000_000_000L;
    private final byte[][] held = new byte[HOLD_SLOTS][TunnelEndpoint.REORDER_SLOT];
    private final int[] heldLength = new int[HOLD_SLOTS];
    private final long[] heldAt = new long[HOLD_SLOTS];
    private int heldNext;
    private int heldCount;

    Sender(TunnelEndpoint e) {
        this.e = e;
        this.scheduler = e.scheduler;
    }

    /** One turn at {@code now}: the tick when due, then up to a burst from WireGuard when {@code ready}. */
    boolean step(long now, boolean ready) {
        boolean worked = false;
        if (now >= nextTick) {
            tick(now);
            nextTick = now + TICK_NANOS;
            worked = true;
        }
        for (int handled = 0; ready && handled < EventLoop.BURST; ) {
            int n = e.local.receive(from);
            if (n == 0) {
                break;
            }
            worked = true;
            if (n < 0) {
                e.counters.receiveErrors.incrementAndGet();
                handled++;
                continue;
            }
            if (!PathSocket.sameSender(from, e.wgAddress)) {
                e.counters.localForeign.incrementAndGet(); // only our WireGuard may send into the tunnel
                handled++;
                continue;
            }
            int size = e.local.segmentSize();
            if (size <= 0 || size >= n) {
                take(0, n, now);
                handled++;
            } else {
                e.counters.udpGroReads.incrementAndGet();
                for (int at = 0; at < n; at += size, handled++) {
                    take(at, Math.min(size, n - at), now);
                }
            }
        }
        sendRuns();
        return worked;
    }

    long wakeAt() {
        return nextTick;
    }

    private void take(int offset, int length, long now) {
        e.counters.fromWireguard.incrementAndGet();
        if (length > out.length - WireFormat.OVERHEAD) {
            e.counters.oversize.incrementAndGet();
            return;
        }
        e.local.copy(offset, out, WireFormat.HEADER, length);
        if (e.txMac == null || !e.carrier) {
            (e.txMac == null ? e.counters.noSession : e.counters.noPath).incrementAndGet();
            hold(length, now);
            return;
        }
        send(length, now);
    }

    /** Sends the datagram at {@code out[HEADER..HEADER+length)} on the paths the scheduler picks. */
    private void send(int length, long now) {
        view = e.paths;
        long mask = scheduler.select(this, length + WireFormat.OVERHEAD, now);
        if (mask == 0) {
            e.counters.noPath.incrementAndGet();
            return;
        }
        long g = ++e.globalSeq;
        for (long m = mask; m != 0; m &= m - 1) {
            TunnelPath p = view[Long.numberOfTrailingZeros(m)];
            WireFormat.putHeader(outBuf, WireFormat.TYPE_DATA, p.id, p.wanUsable ? 0 : WireFormat.FLAG_STANDBY,
                    e.sessionId, g, p.nextPathSeq());
            int len = e.txMac.sign(outBuf, WireFormat.HEADER + length);
            SendBatch b = batches[p.id];
            if (b == null) {
                b = batches[p.id] = new SendBatch();
            }
            if (!b.accepts(len)) {
                b.send(e.counters);
            }
            pending |= 1L << p.id;
            if (b.add(p, out, len)) {
                sendRun(p);
            }
        }
    }

    private void hold(int length, long now) {
        if (length > TunnelEndpoint.REORDER_SLOT) {
            return;
        }
        int i = heldNext;
        heldNext = (heldNext + 1) % HOLD_SLOTS;
        heldCount = Math.min(HOLD_SLOTS, heldCount + 1);
        System.arraycopy(out, WireFormat.HEADER, held[i], 0, length);
        heldLength[i] = length;
        heldAt[i] = now;
    }

    /** A path is up: what waited goes now, oldest first. */
    private void releaseHeld(long now) {
        for (int k = heldCount; k > 0; k--) {
            int i = Math.floorMod(heldNext - k, HOLD_SLOTS);
            if (now - heldAt[i] <= HOLD_NANOS) {
                System.arraycopy(held[i], 0, out, WireFormat.HEADER, heldLength[i]);
                send(heldLength[i], now);
                e.counters.heldSent.incrementAndGet();
            }
        }
        heldCount = 0;
    }

    private void sendRun(TunnelPath p) {
        SendBatch b = batches[p.id];
        if (b != null) {
            b.send(e.counters);
        }
        pending &= ~(1L << p.id);
    }

    private void sendRuns() {
        for (long m = pending; m != 0; m &= m - 1) {
            batches[Long.numberOfTrailingZeros(m)].send(e.counters);
        }
        pending = 0;
    }

    private void tick(long now) {
        TunnelPath[] ps = e.paths;
        boolean anyUp = false;
        long bound = 0;
        boolean client = e.isClient();
        for (TunnelPath p : ps) {
            anyUp |= p.tick(now);
            if (p.up) {
                bound = Math.max(bound, p.srtt + 4 * p.rtt.rttvar());
            }
            if (client) {
                clientPath(p, now);
            } else if (now >= p.nextBeat && !p.silentFor(TunnelEndpoint.SERVER_QUIET_NANOS, now)) {
                beat(p, now);
            }
        }
        if (anyUp != e.carrier) {
            e.carrier = anyUp;
            e.carrierChanged();
        }
        if (anyUp && heldCount > 0 && e.txMac != null) {
            releaseHeld(now);
            sendRuns();
        }
        e.reorderBoundNanos = Math.min(1_000_000_000L, Math.max(10_000_000L, bound * 22 / 10));
        if (e.reorder != null) {
            e.reorder.expire(now, e.reorderBoundNanos);
        }
        if (!client) {
            e.forgetSilent(now);
        }
    }

    /** A client path's tick: HELLO while it is not established (or went silent), beats while it is. */
    private void clientPath(TunnelPath p, long now) {
        if (p.handshake.helloDue(now, p.silentFor(TunnelEndpoint.DEAD_NANOS, now))) {
            e.sendHello(p, now); // silent: the server may have lost us (restart, NAT); prove the address again
        } else if (p.handshake.isEstablished() && now >= p.nextBeat) {
            beat(p, now);
        }
    }

    private void beat(TunnelPath p, long now) {
        if (e.txMac == null) {
            return;
        }
        long seq = p.nextPathSeq();
        beat.echo = p.peerBeatSeq;
        beat.holdMicros = p.peerBeatSeq > 0 ? (now - p.peerBeatAt) / 1000 : 0;
        beat.lost = p.rxLost;
        beat.rxBytes = p.rxBytes.get();
        WireFormat.putHeader(beatBuf, WireFormat.TYPE_BEAT, p.id, p.wanUsable ? 0 : WireFormat.FLAG_STANDBY,
                e.sessionId, 0, seq);
        beat.put(beatBuf);
        int len = e.txMac.sign(beatBuf, WireFormat.HEADER + WireFormat.BEAT_PAYLOAD);
        sendRun(p); // the path's data before its beat, in sequence order
        p.beatSent(seq, now);
        if (p.socket.sendOne(beatBytes, 0, len, p.peer)) {
            p.txPackets++;
            p.txBytes += len;
        } else {
            p.sendErrors.incrementAndGet();
        }
        p.nextBeat = now + TunnelEndpoint.BEAT_NANOS;
    }

    @Override
    public int count() {
        return view.length;
    }

    @Override
    public boolean up(int path) {
        return view[path].up;
    }

    @Override
    public long srtt(int path) {
        return view[path].srtt;
    }

    @Override
    public long rate(int path) {
        return view[path].rateBytes;
    }
}
