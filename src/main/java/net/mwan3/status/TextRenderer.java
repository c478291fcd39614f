package net.mwan3.status;

import java.util.List;
import java.util.Locale;

import net.mwan3.model.Family;
import net.mwan3.tunnel.PathStatus;
import net.mwan3.tunnel.TunnelStatus;

/**
 * mwan3 2.12.2's CLI text, byte for byte where mwan3 defines it ({@code interfaces},
 * {@code policies}, {@code connected}); {@code rules} is this project's readable replacement for
 * the iptables counter listing, which nftables has no equivalent of.
 */
public final class TextRenderer {

    private TextRenderer() {
    }

    public static String interfaces(StatusSnapshot s) {
        StringBuilder sb = new StringBuilder("Interface status:\n");
        for (IfaceStatus i : s.interfaces()) {
            sb.append(" interface ").append(i.name()).append(" is ").append(i.status()).append(" and tracking is ")
                    .append(i.tracking());
            if ("online".equals(i.status())) {
                sb.append(" (").append(i.routing()).append(' ').append(duration(i.onlineSeconds())).append(", uptime ")
                        .append(duration(i.uptimeSeconds())).append(')');
            } else if (i.errorBits() != 0) {
                sb.append(" (").append(i.errorBits()).append(')');
            }
            if (i.traffic().suspected()) {
                sb.append(", suspected: ").append(i.traffic().reason()); // extension, only while a burst runs
            }
            sb.append('\n');
        }
        return sb.append('\n').toString();
    }

    public static String policies(StatusSnapshot s) {
        StringBuilder sb = new StringBuilder();
        for (Family f : Family.values()) {
            sb.append("Current ").append(f.uciName()).append(" policies:\n");
            for (PolicyStatus p : s.policies().getOrDefault(f, List.of())) {
                sb.append(p.name()).append(":\n");
                if (p.members().isEmpty()) {
                    sb.append(' ').append(p.lastResort()).append('\n');
                }
                for (PolicyStatus.Share m : p.members()) {
                    sb.append(' ').append(m.iface()).append(" (").append(m.percent()).append("%)\n");
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    public static String connected(StatusSnapshot s) {
        StringBuilder sb = new StringBuilder();
        for (Family f : Family.values()) {
            sb.append("Directly connected ").append(f.uciName()).append(" networks:\n");
            for (String n : s.connected().getOrDefault(f, List.of())) {
                sb.append(n).append('\n');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * One line per user rule and family: hit counters, rule name, policy ({@code S} marks sticky, as
     * mwan3's {@code S } prefix did), then what it matches.
     */
    public static String rules(StatusSnapshot s) {
        StringBuilder sb = new StringBuilder();
        for (Family f : Family.values()) {
            sb.append("Active ").append(f.uciName()).append(" user rules:\n");
            List<RuleStatus> rules = s.rules().getOrDefault(f, List.of());
            if (!rules.isEmpty()) {
                sb.append(String.format(Locale.ROOT, "%9s %9s  %-16s %-18s %s%n", "pkts", "bytes", "rule", "policy",
                        "match"));
            }
            for (RuleStatus r : rules) {
                sb.append(String.format(Locale.ROOT, "%9s %9s  %-16s %-18s %s%n", human(r.packets()), human(r.bytes()),
                        r.name(), (r.sticky() ? "S " : "- ") + r.policy(), r.match()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * {@code mwan3 tunnels}: each tunnel (mode, how WireGuard runs, its latest handshake, the local endpoint
     * WireGuard's peer is set to), then each path with its state, RTT, loss, estimated rate, packets sent and
     * received, duplicates dropped, late and lost; a server's path also shows the client address it proved.
     */
    public static String tunnels(StatusSnapshot s) {
        StringBuilder sb = new StringBuilder("Tunnel status:\n");
        for (TunnelStatus t : s.tunnels()) {
            java.util.Map<String, Long> c = t.counters();
            sb.append(String.format(Locale.ROOT, " tunnel %s (%s, %s) on %s is %s: WireGuard %s, latest handshake %s,"
                    + " endpoint %s; reorder late %d, skipped %d, refused %d, restarts %d%n", t.name(), t.role(),
                    t.mode(), t.device(), t.carrier() ? "up" : "down", t.implementation(),
                    t.latestHandshake() == 0 ? "never" : java.time.Instant.ofEpochSecond(t.latestHandshake()).toString(),
                    t.wireguardEndpoint(), t.reorderLate(), t.reorderSkipped(),
                    c.getOrDefault("auth_failed", 0L) + c.getOrDefault("bad_header", 0L)
                            + c.getOrDefault("unknown_session", 0L) + c.getOrDefault("wrong_source", 0L)
                            + c.getOrDefault("replayed_hellos", 0L) + c.getOrDefault("stale_control", 0L),
                    c.getOrDefault("restarts", 0L)));
            for (PathStatus p : t.paths()) {
                sb.append(String.format(Locale.ROOT, "  path %s%s is %s, rtt %.1f ms, loss %s, rate %.1f Mbit/s,"
                        + " sent %d, received %d, duplicates %d, late %d, lost %d%n", p.label(),
                        "server".equals(t.role()) && !p.peer().isEmpty() ? " from " + p.peer() : "", p.state().word(),
                        p.srttMicros() / 1000.0,
                        p.loss() < 0 ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * p.loss()),
                        p.rateBytes() * 8 / 1e6, p.txPackets(), p.rxPackets(), p.duplicates(), p.late(), p.lost()));
            }
        }
        return sb.append('\n').toString();
    }

    public static String status(StatusSnapshot s) {
        return interfaces(s) + policies(s) + connected(s) + rules(s);
    }

    /** {@code %02dh:%02dm:%02ds}, hours not wrapped, as mwan3 prints durations. */
    static String duration(long seconds) {
        return String.format(Locale.ROOT, "%02dh:%02dm:%02ds", seconds / 3600, seconds % 3600 / 60, seconds % 60);
    }

    /** iptables' counter style: 999, then K, M, G with integer division. */
    static String human(long n) {
        String[] units = {"", "K", "M", "G", "T"};
        int u = 0;
        while (n >= 100_000 && u < units.length - 1) {
            n /= 1000;
            u++;
        }
        return n + units[u];
    }
}
