package net.mwan3.tunnel;

import java.util.List;
import java.util.Map;

/**
 * A tunnel as {@code mwan3 tunnels} and the status JSON's {@code tunnels} show it.
 *
 * @param implementation  how WireGuard runs: kernel, wireguard-go, or external ({@code option wireguard})
 * @param latestHandshake WireGuard's latest handshake, seconds since the epoch, 0 if none
 * @param wireguardEndpoint the relay's local socket: what WireGuard's peer endpoint is set to
 * @param carrier         whether a path is up (else mwan3 holds the tunnel interface down)
 */
public record TunnelStatus(String name, String role, String mode, String device, String implementation,
                           long latestHandshake, String wireguardEndpoint, boolean carrier, List<PathStatus> paths,
                           Map<String, Long> counters, long reorderLate, long reorderSkipped) {

    public TunnelStatus {
        paths = List.copyOf(paths);
        counters = Map.copyOf(counters);
    }

    /** Line-oriented text: one {@code counter NAME VALUE} per counter, one {@code path ...} per path. */
    public String toText() {
        StringBuilder s = new StringBuilder();
        s.append("tunnel ").append(name).append(' ').append(role).append(' ').append(mode).append(" device ")
                .append(device).append(" wireguard ").append(implementation).append(" endpoint ")
                .append(wireguardEndpoint).append(" handshake ").append(latestHandshake)
                .append(" carrier ").append(carrier ? "on" : "off").append('\n');
        new java.util.TreeMap<>(counters).forEach((k, v) -> s.append("counter ").append(k).append(' ').append(v)
                .append('\n'));
        s.append("counter reorder_late ").append(reorderLate).append('\n');
        s.append("counter reorder_skipped ").append(reorderSkipped).append('\n');
        for (PathStatus p : paths) {
            s.append("path ").append(p.id()).append(' ').append(p.label()).append(p.up() ? " up" : " down")
                    .append(" state ").append(p.state().word()).append(" peer ").append(p.peer().isEmpty() ? "-" : p.peer())
                    .append(" srtt_us ").append(p.srttMicros())
                    .append(" rate_Bps ").append(p.rateBytes())
                    .append(" tx ").append(p.txPackets()).append(" rx ").append(p.rxPackets())
                    .append(" dup ").append(p.duplicates()).append(" late ").append(p.late())
                    .append(" lost ").append(p.lost())
                    .append(" send_errors ").append(p.sendErrors()).append(" silent_ms ").append(p.silentMillis())
                    .append(" transitions ").append(p.transitions()).append('\n');
        }
        return s.toString();
    }
}
