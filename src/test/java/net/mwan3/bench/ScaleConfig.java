package net.mwan3.bench;

import java.util.List;
import java.util.function.IntFunction;

/**
 * Generated mwan3 configs of a given size. Interfaces {@code wan1..wanN} (IPv4); two members per
 * interface (metric 1 with weights 1..3, metric 2); each policy balances two interfaces with a third
 * as backup; rules cycle through the match kinds real configs use (destination, protocol + ports,
 * source network, a few sticky), all aimed at 198.19.0.0/16 so that lab traffic to the server falls
 * through every rule to the last one, {@code dest_ip 0.0.0.0/0}.
 */
record ScaleConfig(int interfaces, int rules, int policies, String mmxMask, IntFunction<String> device,
                   Tracking tracking) {

    /** Tracking options of every interface; {@code null} in a ScaleConfig means no track_ip at all. */
    record Tracking(List<String> targets, String interval, String timeout, int down, int up) {
    }

    String uci() {
        StringBuilder sb = new StringBuilder("config globals 'globals'\n\toption mmx_mask '" + mmxMask + "'\n\n");
        for (int k = 1; k <= interfaces; k++) {
            appendInterface(sb, k);
        }
        for (int p = 0; p < policies; p++) {
            sb.append("config policy 'p").append(p).append("'\n");
            sb.append("\tlist use_member 'm").append(iface(p, 0)).append("a'\n");
            sb.append("\tlist use_member 'm").append(iface(p, 1)).append("a'\n");
            sb.append("\tlist use_member 'm").append(iface(p, 2)).append("b'\n\n");
        }
        for (int r = 0; r < rules - 1; r++) {
            appendRule(sb, r);
        }
        sb.append("config rule 'default_rule'\n\toption dest_ip '0.0.0.0/0'\n\toption use_policy 'p0'\n");
        return sb.toString();
    }

    /** The j-th interface (1-based) of policy p: consecutive interfaces, wrapping. */
    private int iface(int p, int j) {
        return (p + j) % interfaces + 1;
    }

    private void appendInterface(StringBuilder sb, int k) {
        sb.append("config interface 'wan").append(k).append("'\n\toption enabled '1'\n\toption device '")
                .append(device.apply(k)).append("'\n");
        if (tracking != null) {
            for (String t : tracking.targets()) {
                sb.append("\tlist track_ip '").append(t).append("'\n");
            }
            sb.append("\toption interval '").append(tracking.interval()).append("'\n\toption timeout '")
                    .append(tracking.timeout()).append("'\n\toption down '").append(tracking.down())
                    .append("'\n\toption up '").append(tracking.up()).append("'\n");
        }
        sb.append("\nconfig member 'm").append(k).append("a'\n\toption interface 'wan").append(k)
                .append("'\n\toption metric '1'\n\toption weight '").append(1 + k % 3).append("'\n\n");
        sb.append("config member 'm").append(k).append("b'\n\toption interface 'wan").append(k)
                .append("'\n\toption metric '2'\n\n");
    }

    private void appendRule(StringBuilder sb, int r) {
        String dest = "198.19." + (r / 250) + "." + (r % 250 + 1);
        sb.append("config rule 'r").append(r).append("'\n\toption use_policy 'p").append(r % policies).append("'\n");
        switch (r % 4) {
            case 0 -> sb.append("\toption dest_ip '").append(dest).append("'\n\toption proto 'tcp'\n\toption dest_port '443'\n");
            case 1 -> sb.append("\toption dest_ip '").append(dest).append("'\n\toption proto 'udp'\n\toption dest_port '53,853'\n");
            case 2 -> sb.append("\toption src_ip '192.0.2.0/25'\n\toption dest_ip '").append(dest).append("'\n");
            default -> {
                sb.append("\toption dest_ip '").append(dest).append("/32'\n");
                if (r % 40 == 3) {
                    sb.append("\toption sticky '1'\n\toption timeout '300'\n");
                }
            }
        }
        sb.append('\n');
    }
}
