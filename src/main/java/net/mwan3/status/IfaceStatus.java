package net.mwan3.status;

import java.util.List;

/**
 * One interface in status output. Durations are whole seconds; 0 where not applicable.
 *
 * @param status    the tracker's state word ({@code online}, {@code offline}, {@code connecting},
 *                  {@code disconnecting}, {@code disabled}), or {@code unknown}
 * @param tracking  {@code active}, {@code paused}, {@code disabled} (no track_ip) or {@code down}
 * @param routing   mwan3's iface_state: {@code online} or {@code offline}
 * @param errorBits mwan3's bitmask of missing pieces: 1 iif rule, 2 fwmark rule, 4 unreachable rule,
 *                  8 inbound chain, 16 default route in the interface's table
 * @param traffic   traffic detection (extension)
 */
public record IfaceStatus(String name, boolean enabled, String status, String tracking, String routing,
                          long onlineSeconds, long offlineSeconds, long uptimeSeconds, long ageSeconds, int score,
                          int lost, int turn, boolean up, List<TrackIpStatus> trackIps, int errorBits,
                          TrafficStatus traffic) {

    public IfaceStatus {
        trackIps = List.copyOf(trackIps);
        traffic = traffic == null ? TrafficStatus.OFF : traffic;
    }

    /** Without traffic detection. */
    public IfaceStatus(String name, boolean enabled, String status, String tracking, String routing,
                       long onlineSeconds, long offlineSeconds, long uptimeSeconds, long ageSeconds, int score,
                       int lost, int turn, boolean up, List<TrackIpStatus> trackIps, int errorBits) {
        this(name, enabled, status, tracking, routing, onlineSeconds, offlineSeconds, uptimeSeconds, ageSeconds,
                score, lost, turn, up, trackIps, errorBits, TrafficStatus.OFF);
    }

    public boolean running() {
        return "active".equals(tracking);
    }
}
