package net.mwan3.tunnel.io;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every reason a datagram was dropped or refused, plus the totals; each counter has one meaning. One instance per
 * tunnel lives across restarts of its event loop, so nothing counted is lost when the supervisor restarts it.
 */
public final class TunnelCounters {
    /** Datagrams WireGuard handed us, and what we handed it. */
    final AtomicLong fromWireguard = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    /** Datagrams on the local socket from anyone but our WireGuard's port (dropped). */
    final AtomicLong localForeign = new AtomicLong();
    final AtomicLong localSendErrors = new AtomicLong();
    final AtomicLong udpGsoSends = new AtomicLong();
    final AtomicLong udpGroReads = new AtomicLong();
    final AtomicLong udpGsoRefused = new AtomicLong();
    final AtomicLong noPath = new AtomicLong();
    final AtomicLong noSession = new AtomicLong();
    /** Datagrams of WireGuard's that waited for a path and were sent once one came up. */
    final AtomicLong heldSent = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong tooOld = new AtomicLong();
    final AtomicLong badHeader = new AtomicLong();
    final AtomicLong authFailed = new AtomicLong();
    /** Session datagrams of a session we do not hold (a recording, or the peer restarted). */
    final AtomicLong unknownSession = new AtomicLong();
    /** Server: session datagrams from an address other than the path's proven one. */
    final AtomicLong wrongSource = new AtomicLong();
    final AtomicLong replayedHellos = new AtomicLong();
    /** CHALLENGEs and RESPONSEs that answer nothing outstanding (replays). */
    final AtomicLong staleControl = new AtomicLong();
    final AtomicLong hellosSent = new AtomicLong();
    final AtomicLong challengesSent = new AtomicLong();
    final AtomicLong receiveErrors = new AtomicLong();
    final AtomicLong sendErrors = new AtomicLong();
    final AtomicLong sessions = new AtomicLong();
    final AtomicLong pathsLearned = new AtomicLong();
    final AtomicLong pathsForgotten = new AtomicLong();
    final AtomicLong pathsMoved = new AtomicLong();
    final AtomicLong oversize = new AtomicLong();
    final AtomicLong replayed = new AtomicLong();
    /** The event loop failed with an exception and the supervisor restarted the tunnel. */
    final AtomicLong restarts = new AtomicLong();

    /** Name → value, in a fixed order (status output and metrics). */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("from_wireguard", fromWireguard.get());
        m.put("delivered", delivered.get());
        m.put("local_foreign", localForeign.get());
        m.put("local_send_errors", localSendErrors.get());
        m.put("udp_gso_sends", udpGsoSends.get());
        m.put("udp_gro_reads", udpGroReads.get());
        m.put("udp_gso_refused", udpGsoRefused.get());
        m.put("no_path", noPath.get());
        m.put("no_session", noSession.get());
        m.put("held_sent", heldSent.get());
        m.put("duplicates", duplicates.get());
        m.put("too_old", tooOld.get());
        m.put("bad_header", badHeader.get());
        m.put("auth_failed", authFailed.get());
        m.put("unknown_session", unknownSession.get());
        m.put("wrong_source", wrongSource.get());
        m.put("replayed_hellos", replayedHellos.get());
        m.put("stale_control", staleControl.get());
        m.put("hellos_sent", hellosSent.get());
        m.put("challenges_sent", challengesSent.get());
        m.put("receive_errors", receiveErrors.get());
        m.put("send_errors", sendErrors.get());
        m.put("sessions", sessions.get());
        m.put("paths_learned", pathsLearned.get());
        m.put("paths_forgotten", pathsForgotten.get());
        m.put("paths_moved", pathsMoved.get());
        m.put("oversize", oversize.get());
        m.put("replayed", replayed.get());
        m.put("restarts", restarts.get());
        return m;
    }
}
