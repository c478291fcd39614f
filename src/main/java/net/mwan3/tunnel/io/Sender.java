package net.mwan3.tunnel.io;

import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;

import net.mwan3.tunnel.PacketCipher;
import net.mwan3.tunnel.PathView;
import net.mwan3.tunnel.Scheduler;
import net.mwan3.tunnel.TcpSegmenter;
import net.mwan3.tunnel.WireFormat;

/**
 * The sending half of the tunnel's {@link EventLoop}: TUN → schedule → seal → path sockets, plus beats, health
 * ticks, carrier and (server) forgetting silent paths, every {@link #TICK_NANOS}. It is the only writer of the
 * sequence numbers, so the nonces (path id, session, path seq) never repeat. Buffers are allocated once. With
 * TUN offloads a read may be a TCP burst; each of its segments goes through the pipeline as its own packet.
 * Sealed datagrams collect per path in a {@link SendBatch} and leave as one UDP GSO send per run (a burst's
 * segments are one run), at the latest at the end of the turn.
 */
final class Sender implements PathView {
    static final long TICK_NANOS = 10_000_000L;
    private final TunnelEndpoint e;
    private final Scheduler scheduler;
    private final PacketCipher cipher;
    private final byte[] plain = new byte[65536];
    private final ByteBuffer plainBuf = ByteBuffer.wrap(plain);
    private final byte[] out = new byte[65536 + WireFormat.OVERHEAD];
    private final ByteBuffer outBuf = ByteBuffer.wrap(out);
    private final byte[] beatPlain = new byte[WireFormat.BEAT_PAYLOAD];
    private final ByteBuffer beatBuf = ByteBuffer.wrap(beatPlain);
    private final WireFormat.Beat beat = new WireFormat.Beat();
    private final long[] pathSeq = new long[WireFormat.MAX_PATHS];
    /** Per path id, created on first use: the run of datagrams for one UDP GSO send. */
    private final SendBatch[] batches = new SendBatch[WireFormat.MAX_PATHS];
    /** Bit i: batches[i] holds datagrams (MAX_PATHS is 64). */
    private long pending;
    /** Offload mode: the last TUN read (a virtio header and up to 64 KiB), taken apart into {@link #plain}. */
    private final byte[] frame;
    private final TcpSegmenter segmenter = new TcpSegmenter();
    private TunnelPath[] view = new TunnelPath[0];
    private int globalSeq;
    private long nextTick;

    Sender(TunnelEndpoint e) {
        this.e = e;
        this.scheduler = e.scheduler;
        this.cipher = PacketCipher.of(e.config.key(), e.isClient(), e.config.encryption(), AeadChoice.preferred());
        this.frame = e.tun.offload() ? new byte[TunDevice.MAX_FRAME] : null;
    }

    /**
     * One turn of the loop at {@code now}: the tick when due, then up to {@link EventLoop#BURST} packets from the
     * TUN device when {@code tunReady}. Returns whether it did anything.
     */
    boolean step(long now, boolean tunReady) {
        boolean worked = false;
        if (now >= nextTick) {
            tick(now);
            nextTick = now + TICK_NANOS;
            worked = true;
        }
        boolean ready = tunReady || segmenter.hasNext(); // segments of an earlier read wait for no poll
        for (int i = 0; ready && i < EventLoop.BURST; i++) {
            int n = nextPacket();
            if (n == 0) {
                break;
            }
            worked = true;
            if (n < 0) {
                e.counters.tunReadErrors.incrementAndGet();
                sendRuns();
                LockSupport.parkNanos(1_000_000L); // a device in trouble must not turn the loop into a spin
                break;
            } else if (n > e.config.mtu()) {
                e.counters.oversize.incrementAndGet();
            } else {
                e.counters.tunPackets.incrementAndGet();
                sendData(n, now);
            }
        }
        sendRuns(); // nothing waits for a later turn: a lone packet goes now, as before batching
        return worked;
    }

    /**
     * The next packet from the TUN device into {@link #plain}: its length, 0 if none is waiting, -1 on a read
     * error. With offloads, the next segment of the last read, or of a new one; a read that cannot be taken apart
     * is counted as a read error and skipped.
     */
    private int nextPacket() {
        if (frame == null) {
            plainBuf.clear().limit(e.config.mtu() + 1);
            return e.tun.read(plainBuf);
        }
        while (!segmenter.hasNext()) {
            int n = e.tun.read(frame);
            if (n <= 0) {
                return n;
            }
            if (!segmenter.load(frame, n)) {
                e.counters.tunReadErrors.incrementAndGet();
            } else if (segmenter.segmented()) {
                e.counters.tunGsoReads.incrementAndGet();
            }
        }
        return segmenter.next(plain);
    }

    /** When the loop must run this again even if nothing arrives: the next tick. */
    long wakeAt() {
        return nextTick;
    }

    private void sendData(int n, long now) {
        view = e.paths;
        long mask = scheduler.select(this, n + WireFormat.OVERHEAD, now);
        if (mask == 0) {
            e.counters.noPath.incrementAndGet();
            return;
        }
        send(mask, n);
    }

    private void send(long mask, int n) {
        int g = globalSeq++;
        for (long m = mask; m != 0; m &= m - 1) {
            sendOn(view[Long.numberOfTrailingZeros(m)], WireFormat.TYPE_DATA, g, plain, n);
        }
    }

    private void sendOn(TunnelPath p, int type, int g, byte[] payload, int length) {
        long seq = pathSeq[p.id]++;
        if (seq > 0xFFFFFFFFL) {
            // 2^32 datagrams on one path in one session: the nonce would repeat. A restart draws a new session.
            throw new IllegalStateException("path " + p.id + " sequence exhausted; restart the tunnel");
        }
        int flags = p.wanUsable ? 0 : WireFormat.FLAG_STANDBY;
        WireFormat.putHeader(outBuf, type, p.id, flags, e.session, g, (int) seq);
        int len = cipher.seal(payload, 0, length, out);
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

    /** Sends path {@code p}'s run now (if any). */
    private void sendRun(TunnelPath p) {
        SendBatch b = batches[p.id];
        if (b != null) {
            b.send(e.counters);
        }
        pending &= ~(1L << p.id);
    }

    /** Sends every path's waiting run. */
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
        for (TunnelPath p : ps) {
            anyUp |= p.tick(now);
            if (p.up) {
                bound = Math.max(bound, p.srtt + 4 * p.rtt.rttvar());
            }
            if (now >= p.nextBeat) {
                beat(p, now);
                p.nextBeat = now + e.beatNanos;
            }
        }
        if (anyUp != e.carrier) {
            e.carrier = anyUp;
            e.tun.setCarrier(anyUp);
            e.carrierChanged();
        }
        e.reorderBoundNanos = Math.min(1_000_000_000L, Math.max(10_000_000L, bound * 22 / 10));
        if (e.reorder != null) {
            synchronized (e.rxLock) {
                e.reorder.expire(now, e.reorderBoundNanos);
            }
        }
        if (!e.isClient()) {
            e.forgetSilent(now);
        }
    }

    private void beat(TunnelPath p, long now) {
        beat.clockMicros = (int) (now / 1000);
        beat.echoMicros = p.peerClockSeen ? p.peerClock : 0;
        beat.holdMicros = p.peerClockSeen ? (int) ((now - p.peerClockAt) / 1000) : 0;
        beat.lostPackets = (int) p.rxLost;
        beat.rxBytes = (int) p.rxBytes.get();
        synchronized (e.rxLock) {
            beat.adoptedSession = e.peerSession.current();
        }
        WireFormat.putBeat(beatBuf, 0, beat);
        sendRun(p); // the path's data before its beat, in sequence order
        sendOn(p, WireFormat.TYPE_BEAT, globalSeq, beatPlain, WireFormat.BEAT_PAYLOAD);
        sendRun(p); // and the beat now: its clock is read now
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
