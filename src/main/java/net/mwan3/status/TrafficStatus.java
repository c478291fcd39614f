package net.mwan3.status;

/**
 * Traffic detection of one interface, for status (an extension: mwan3 has none). {@code reason} says
 * why it is suspected now (null when it is not); {@code lastBurst} is the last burst's outcome and
 * reason ({@code confirmed: no reply to 37 packet(s) in 1.0 s}), null before the first.
 */
public record TrafficStatus(boolean watched, boolean suspected, String reason, String lastBurst, long started,
                            long confirmed, long cleared) {

    /** An interface whose traffic is not watched (traffic_detection 0, or not tracked). */
    public static final TrafficStatus OFF = new TrafficStatus(false, false, null, null, 0, 0, 0);
}
