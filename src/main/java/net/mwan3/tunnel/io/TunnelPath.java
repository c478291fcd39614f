package net.mwan3.tunnel.io;

import java.util.concurrent.atomic.AtomicLong;

import net.mwan3.tunnel.ClientHandshake;
import net.mwan3.tunnel.LossMeter;
import net.mwan3.tunnel.PathHealth;
import net.mwan3.tunnel.PathState;
import net.mwan3.tunnel.PathStatus;
import net.mwan3.tunnel.RateEstimator;
import net.mwan3.tunnel.RttEstimator;
import net.mwan3.tunnel.WireFormat;

/**
 * One path's live state. The tunnel's event loop thread does everything here; status and metrics read from other
 * threads, so health and estimators are touched under this object's lock (once per beat or tick, never per data
 * packet) and what status reads per packet is volatile or atomic. A client path owns its socket and walks the
 * handshake ({@link ClientHandshake}); a server path exists only once its address completed one, and that address
 * is where it sends.
 */
final class TunnelPath {
    /** RTT above the path's minimum by this much means a queue stands on it (beyond scheduling noise). */
    static final long QUEUE_SLACK_NANOS = 3_000_000L;
    /** The rate estimator learns per interval of at least this (it was tuned on 100 ms intervals). */
    static final long REPORT_NANOS = 100_000_000L;
    private static final int BEATS_REMEMBERED = 64;

    final int id;
    final String label;
    /** The mwan3 interface the path leaves by (client), null on the server. */
    final String wan;
    final PathSocket socket;
    /** Where to send: null on a connected client socket, the client's proven sockaddr on the server. */
    volatile byte[] peer;
    final PathHealth health;
    final RttEstimator rtt = new RttEstimator();
    final RateEstimator rate;
    private final LossMeter loss = new LossMeter();
    volatile boolean up;
    volatile long srtt;
    volatile long rateBytes;
    volatile boolean full;
    volatile long lastHeard;
    /** Our side: the WAN is online in mwan3's tracker. Sent to the peer as the absence of STANDBY. */
    volatile boolean wanUsable = true;
    private boolean peerStandby;

    /** Client paths: the handshake (event loop only). */
    final ClientHandshake handshake = new ClientHandshake(TunnelEndpoint.HELLO_RETRY_NANOS);

    // Sending half.
    long txPackets;
    long txBytes;
    long nextBeat;
    /** Every session datagram we send on the path, from 1; 64-bit, never wraps. */
    long txPathSeq;
    private final long[] beatSeq = new long[BEATS_REMEMBERED];
    private final long[] beatSentAt = new long[BEATS_REMEMBERED];
    private long txBytesAtReport;
    private long txPacketsAtReport;

    // Receiving half.
    final AtomicLong rxPackets = new AtomicLong();
    final AtomicLong rxBytes = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong replayed = new AtomicLong();
    final AtomicLong late = new AtomicLong();
    /** The path seq of the peer's latest beat here (we echo it), and when it came. */
    long peerBeatSeq;
    long peerBeatAt;
    /** The peer's datagrams missing on this path (gaps in its path seq); sent back in our beats. */
    volatile long rxLost;
    private long rxHighSeq;
    private boolean reportSeen;
    private long reportAt;
    private long reportRxBytes;
    private long reportLost;

    final AtomicLong sendErrors = new AtomicLong();

    TunnelPath(int id, String label, String wan, PathSocket socket, byte[] peer, long beatNanos, long deadNanos) {
        if (id < 0 || id >= WireFormat.MAX_PATHS) {
            throw new IllegalArgumentException("path id out of range: " + id);
        }
        this.id = id;
        this.label = label;
        this.wan = wan;
        this.socket = socket;
        this.peer = peer;
        this.health = PathHealth.standard(beatNanos, deadNanos);
        this.rate = new RateEstimator(1_250_000, 12_500, 1_250_000_000L);
        this.rateBytes = rate.rate();
    }

    /** The next path seq for a datagram we send. */
    long nextPathSeq() {
        return ++txPathSeq;
    }

    /** We send a beat with path seq {@code seq} at {@code now}: remembered to time its echo. */
    void beatSent(long seq, long now) {
        int i = (int) (seq % BEATS_REMEMBERED);
        beatSeq[i] = seq;
        beatSentAt[i] = now;
    }

    /**
     * A session datagram with path seq {@code seq} arrived: the path is one FIFO, so a seq skipped over is a
     * datagram lost on it. Returns false when {@code seq} is not above every earlier one (a replay, or a copy
     * overtaken: a beat so judged is ignored).
     */
    boolean countPathSeq(long seq, int bytes, long now) {
        if (seq <= rxHighSeq) {
            return false; // a replay (authentic, recorded): neither life nor delivered bytes
        }
        rxPackets.incrementAndGet();
        rxBytes.addAndGet(bytes);
        lastHeard = now;
        if (rxHighSeq > 0) {
            rxLost += seq - rxHighSeq - 1;
        }
        rxHighSeq = seq;
        return true;
    }

    /** The peer's numbering starts over (a new session): forget its path seqs. */
    synchronized void newPeerSession() {
        rxHighSeq = 0;
        rxLost = 0;
        peerBeatSeq = 0;
        reportSeen = false;
    }

    /** Authentic data from the peer at {@code now}: life, though not a beat. */
    synchronized void onTraffic(long now) {
        health.onTraffic(now);
    }

    /**
     * A fresh beat at {@code now} with path seq {@code seq}: health, RTT from the echo, delivered rate and loss
     * from the peer's counters; {@code otherFull}: another up path is full.
     */
    synchronized void onBeat(WireFormat.Beat beat, long seq, boolean standby, boolean otherFull, long now) {
        peerStandby = standby;
        peerBeatSeq = seq;
        peerBeatAt = now;
        health.setUsable(wanUsable && !peerStandby, now);
        health.onBeat(now);
        up = health.up();
        int i = (int) (beat.echo % BEATS_REMEMBERED);
        if (beat.echo > 0 && beatSeq[i] == beat.echo) {
            long r = now - beatSentAt[i] - beat.holdMicros * 1000;
            rtt.sample(Math.max(0, r));
            srtt = rtt.srtt();
        }
        if (!reportSeen) {
            reportSeen = true;
            mark(beat, now);
            return;
        }
        if (now - reportAt >= REPORT_NANOS) {
            rate.onReport(txBytes - txBytesAtReport, txPackets - txPacketsAtReport, beat.rxBytes - reportRxBytes,
                    beat.lost - reportLost, rtt.queued(QUEUE_SLACK_NANOS), otherFull, now - reportAt);
            rateBytes = rate.rate();
            full = rate.full();
            loss.onReport(txPackets, beat.lost);
            mark(beat, now);
        }
    }

    private void mark(WireFormat.Beat beat, long now) {
        reportAt = now;
        reportRxBytes = beat.rxBytes;
        reportLost = beat.lost;
        txBytesAtReport = txBytes;
        txPacketsAtReport = txPackets;
    }

    /** Our WAN went offline or came back (T12): the path leaves or rejoins the schedule at once. */
    synchronized void setWanUsable(boolean usable, long now) {
        wanUsable = usable;
        health.setUsable(usable && !peerStandby, now);
        up = health.up();
    }

    /** Re-judges health at {@code now}; returns whether the path is up. */
    synchronized boolean tick(long now) {
        health.tick(now);
        up = health.up() && (wan == null || handshake.isEstablished());
        return up;
    }

    /** Silent (nothing authentic) for {@code nanos} at {@code now}. */
    boolean silentFor(long nanos, long now) {
        return now - lastHeard > nanos;
    }

    /** A read-only copy for status output; {@code standby}: the failover scheduler uses another path. */
    synchronized PathStatus status(long now, boolean standby) {
        PathState state = !health.usable() ? PathState.OFFLINE : !up ? PathState.DOWN
                : standby ? PathState.STANDBY : PathState.UP;
        return new PathStatus(id, label, state, srtt / 1000, rtt.rttvar() / 1000, rate.rate(), loss.loss(),
                txPackets, txBytes, rxPackets.get(), rxBytes.get(), sendErrors.get(),
                health.silentFor(now) / 1_000_000, health.transitions(), duplicates.get(), late.get(), rxLost,
                peerAddress());
    }

    /** Where the path goes: the server's proven client address, or the client's peer (its label). */
    String peerAddress() {
        byte[] p = peer;
        return p == null ? "" : PathSocket.decode(p).toString().replace("/", "");
    }
}
