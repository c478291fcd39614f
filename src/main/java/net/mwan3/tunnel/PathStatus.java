package net.mwan3.tunnel;

/**
 * One path as {@code mwan3 tunnels} and status JSON show it.
 *
 * @param srttMicros  smoothed RTT, 0 while unknown
 * @param rateBytes   estimated deliverable bytes per second (the aggregate weight)
 * @param loss        fraction of what we sent on the path that the peer did not receive, over the last second
 *                    of beats; -1 while unknown
 * @param silentMillis time since the peer's last beat, -1 if none came
 * @param duplicates  copies received here whose first copy had come already (dropped)
 * @param late        data received here after the reorder buffer had given up its gap (delivered)
 * @param lost        the peer's datagrams missing on this path (gaps in its path sequence)
 * @param peer        where the path sends: the server's address (client) or the client's proven address (server)
 */
public record PathStatus(int id, String label, PathState state, long srttMicros, long rttvarMicros, long rateBytes,
                         double loss, long txPackets, long txBytes, long rxPackets, long rxBytes, long sendErrors,
                         long silentMillis, int transitions, long duplicates, long late, long lost, String peer) {

    /** Whether the path's beats say it works (up or standby). */
    public boolean up() {
        return state.healthy();
    }
}
