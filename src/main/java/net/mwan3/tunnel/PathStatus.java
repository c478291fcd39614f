package net.mwan3.tunnel;

/**
 * One path as {@code mwan3 tunnels} and status JSON show it.
 *
 * @param srttMicros  smoothed RTT, 0 while unknown
 * @param rateBytes   estimated deliverable bytes per second (the aggregate weight)
 * @param loss        fraction of what we sent on the path that the peer did not receive, over the last second
 *                    of beats; -1 while unknown
 * @param silentMillis time since the peer's last beat, -1 if none came
 */
public record PathStatus(int id, String label, PathState state, long srttMicros, long rttvarMicros, long rateBytes,
                         double loss, long txPackets, long txBytes, long rxPackets, long rxBytes, long sendErrors,
                         long silentMillis, int transitions) {

    /** Whether the path's beats say it works (up or standby). */
    public boolean up() {
        return state.healthy();
    }
}
