package net.mwan3.tunnel.io;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Every reason a packet was dropped or refused, plus the totals; each counter has one meaning. */
public final class TunnelCounters {
    final AtomicLong tunPackets = new AtomicLong();
    final AtomicLong tunReadErrors = new AtomicLong();
    /** Offload: reads that carried a TCP super-packet, and writes that carried merged segments. */
    final AtomicLong tunGsoReads = new AtomicLong();
    final AtomicLong tunGroWrites = new AtomicLong();
    final AtomicLong tunWriteErrors = new AtomicLong();
    /** UDP offload: sends that carried several datagrams (GSO), reads that did (GRO), sockets the kernel refused. */
    final AtomicLong udpGsoSends = new AtomicLong();
    final AtomicLong udpGroReads = new AtomicLong();
    final AtomicLong udpGsoRefused = new AtomicLong();
    final AtomicLong noPath = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong tooOld = new AtomicLong();
    final AtomicLong badHeader = new AtomicLong();
    final AtomicLong authFailed = new AtomicLong();
    final AtomicLong wrongPath = new AtomicLong();
    final AtomicLong receiveErrors = new AtomicLong();
    final AtomicLong sessions = new AtomicLong();
    final AtomicLong pathsLearned = new AtomicLong();
    final AtomicLong pathsForgotten = new AtomicLong();
    final AtomicLong senderMoved = new AtomicLong();
    final AtomicLong oversize = new AtomicLong();
    final AtomicLong replayed = new AtomicLong();
    final AtomicLong unconfirmedSession = new AtomicLong();

    /** Name → value, in a fixed order (status output and metrics). */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("tun_packets", tunPackets.get());
        m.put("tun_read_errors", tunReadErrors.get());
        m.put("tun_write_errors", tunWriteErrors.get());
        m.put("tun_gso_reads", tunGsoReads.get());
        m.put("tun_gro_writes", tunGroWrites.get());
        m.put("udp_gso_sends", udpGsoSends.get());
        m.put("udp_gro_reads", udpGroReads.get());
        m.put("udp_gso_refused", udpGsoRefused.get());
        m.put("no_path", noPath.get());
        m.put("delivered", delivered.get());
        m.put("duplicates", duplicates.get());
        m.put("too_old", tooOld.get());
        m.put("bad_header", badHeader.get());
        m.put("auth_failed", authFailed.get());
        m.put("wrong_path", wrongPath.get());
        m.put("receive_errors", receiveErrors.get());
        m.put("sessions", sessions.get());
        m.put("paths_learned", pathsLearned.get());
        m.put("paths_forgotten", pathsForgotten.get());
        m.put("sender_moved", senderMoved.get());
        m.put("oversize", oversize.get());
        m.put("replayed", replayed.get());
        m.put("unconfirmed_session", unconfirmedSession.get());
        return m;
    }
}
