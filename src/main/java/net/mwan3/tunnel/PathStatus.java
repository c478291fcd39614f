package net.mwan3.tunnel;

/**
 * One path as {@code mwan3 tunnels} and status JSON show it.
 *
 * @param srttMicros  smoothed RTT, 0 while unknown
 * @param rateBytes   estimated deliverable bytes per second (the aggregate weight)
 * @param silentMillis time since the peer's last beat, -1 if none came
 */
public record PathStatus(int id, String label, boolean up, long srttMicros, long rttvarMicros, long rateBytes,
                         long txPackets, long txBytes, long rxPackets, long rxBytes, long sendErrors,
                         long silentMillis, int transitions) {
}
