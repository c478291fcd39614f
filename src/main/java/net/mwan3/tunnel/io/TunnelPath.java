package net.mwan3.tunnel.io;

import net.mwan3.tunnel.PathStatus;
import net.mwan3.tunnel.TunnelStatus;
import java.util.concurrent.atomic.AtomicLong;

import net.mwan3.tunnel.LossMeter;
import net.mwan3.tunnel.PathHealth;
import net.mwan3.tunnel.PathState;
import net.mwan3.tunnel.PeerSession;
import net.mwan3.tunnel.RateEstimator;
import net.mwan3.tunnel.RttEstimator;
import net.mwan3.tunnel.WireFormat;

/**
 * One path's live state. Threading: the tunnel's event loop thread does everything here (its sending half owns
 * the tx counters and ticks the health, its receiving half feeds beats and owns the rx counters); status and
 * metrics read from other threads, so health and estimators are touched under this object's lock (once per beat
 * or tick, never per data packet) and the values read per packet are volatile or atomic.
 */
public final class TunnelPath {
    /** RTT above the path's minimum by this much means a queue stands on it (beyond scheduling noise). */
    static final long QUEUE_SLACK_NANOS = 3_000_000L;
    final int id;
    final String label;
    /** The mwan3 interface the path leaves by (client), null on the server. */
    final String wan;
    final PathSocket socket;
    /** Where to send: null on a connected client socket, the client's sockaddr on the server. */
    volatile byte[] peer;
    final PathHealth health;
    final RttEstimator rtt = new RttEstimator();
    final RateEstimator rate;
    private final LossMeter loss = new LossMeter();
    volatile boolean up;
    volatile long srtt;
    /** The aggregate scheduler's weight for this path (see {@link RateEstimator}). */
    volatile long rateBytes;
    /** The latest beat interval found this path full: its queue stood or overflowed. */
    volatile boolean full;
    volatile long lastHeard;
    /** Receiving half: when the adopted peer session last spoke on this path (not a replay). */
    long lastConfirmed;
    /** Our side: the WAN is online in mwan3's tracker. Sent to the peer as the absence of STANDBY. */
    volatile boolean wanUsable = true;
    /** The peer's side: its last beat on this path carried STANDBY. Receiving half only. */
    private boolean peerStandby;

    // Sending half only.
    long txPackets;
    long txBytes;
    long nextBeat;
    long txBytesAtLastReport;
    long txPacketsAtLastReport;

    // Receiving half only (rx counters atomic for status readers).
    final AtomicLong rxPackets = new AtomicLong();
    final AtomicLong rxBytes = new AtomicLong();
    volatile int peerClock;
    volatile long peerClockAt;
    volatile boolean peerClockSeen;
    private boolean reportSeen;
    private int lastReportBytes;
    private int lastReportLost;
    /** Datagrams of the peer's lost on this path (gaps in its path seq); sent back in our beats. */
    volatile long rxLost;
    private long rxHighSeq = -1;
    private int rxSession;
    private int lastReportClock;

    final AtomicLong sendErrors = new AtomicLong();

    TunnelPath(int id, String label, String wan, PathSocket socket, byte[] peer, long beatNanos) {
        if (id < 0 || id >= WireFormat.MAX_PATHS) {
            throw new IllegalArgumentException("path id out of range: " + id);
        }
        this.id = id;
        this.label = label;
        this.wan = wan;
        this.socket = socket;
        this.peer = peer;
        this.health = PathHealth.standard(beatNanos);
        this.rate = new RateEstimator(1_250_000, 12_500, 1_250_000_000L);
        this.rateBytes = rate.rate();
    }

    /**
     * A beat arrived at {@code now}: health, RTT from the echo, delivered rate from the peer's counter;
     * {@code otherFull}: another up path is full, so this one should take more if it has room.
     */
    synchronized void onBeat(WireFormat.Beat beat, boolean standby, boolean otherFull, long now) {
        peerStandby = standby;
        health.setUsable(wanUsable && !peerStandby, now);
        health.onBeat(now);
        up = health.up();
        if (PeerSession.live(beat.echoMicros, (int) (now / 1000))) {
            long rttMicros = (int) (now / 1000) - beat.echoMicros - (long) beat.holdMicros;
            rtt.sample(Math.max(0, rttMicros) * 1000);
            srtt = rtt.srtt();
        }
        echo(beat, now);
        long tx = txBytes;
        long txPkts = txPackets;
        if (reportSeen) {
            long delivered = beat.rxBytes - lastReportBytes & 0xFFFFFFFFL;
            long lost = beat.lostPackets - lastReportLost & 0xFFFFFFFFL;
            rate.onReport(tx - txBytesAtLastReport, txPkts - txPacketsAtLastReport, delivered, lost,
                    rtt.queued(QUEUE_SLACK_NANOS), otherFull, (beat.clockMicros - lastReportClock & 0xFFFFFFFFL) * 1000);
            rateBytes = rate.rate();
            full = rate.full();
        }
        txBytesAtLastReport = tx;
        txPacketsAtLastReport = txPkts;
        lastReportLost = beat.lostPackets;
        loss.onReport(txPkts, beat.lostPackets);
        reportSeen = true;
        lastReportBytes = beat.rxBytes;
        lastReportClock = beat.clockMicros;
    }

    /**
     * A beat of a peer session not adopted yet (the peer restarted): only its clock is kept, so our next beat
     * echoes it and the peer's session is adopted on the beat after (see {@link PeerSession}).
     */
    synchronized void onCandidateBeat(WireFormat.Beat beat, long now) {
        echo(beat, now);
    }

    private void echo(WireFormat.Beat beat, long now) {
        peerClock = beat.clockMicros;
        peerClockAt = now;
        peerClockSeen = true;
    }

    /**
     * Receiving half: a datagram with path seq {@code seq} of peer session {@code session} arrived. The path is
     * one FIFO, so a seq skipped over is a datagram lost on it: that count is the rate estimator's congestion
     * signal, exact where comparing bytes sent with bytes delivered over two unaligned intervals is not.
     */
    void countPathSeq(int session, long seq) {
        if (rxHighSeq < 0 || session != rxSession) {
            rxSession = session;
            rxHighSeq = seq;
        } else if (seq > rxHighSeq) {
            rxLost += seq - rxHighSeq - 1;
            rxHighSeq = seq;
        }
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
        up = health.up();
        return up;
    }

    /** A read-only copy for status output; {@code standby}: the failover scheduler uses another path. */
    public synchronized PathStatus status(long now, boolean standby) {
        PathState state = !health.usable() ? PathState.OFFLINE : !up ? PathState.DOWN
                : standby ? PathState.STANDBY : PathState.UP;
        return new PathStatus(id, label, state, srtt / 1000, rtt.rttvar() / 1000, rate.rate(), loss.loss(),
                txPackets, txBytes, rxPackets.get(), rxBytes.get(), sendErrors.get(), health.silentFor(now) / 1_000_000,
                health.transitions());
    }
}
