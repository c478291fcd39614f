package net.mwan3.lab;

/**
 * The mwan3 config the lab's router runs: three WANs balanced 3:2:1, fast ping tracking of two
 * internet targets, a sticky rule for https, and two backup-by-metric policies that pin one
 * long-lived UDP flow each to WAN 1 and WAN 2, so the lab can watch a flow of a failed WAN move.
 */
public final class LabConfig {
    /** UDP source port of the flow pinned to WAN 1 (falls back to WAN 3). */
    public static final int UDP_PORT_WAN1 = 40001;
    /** UDP source port of the flow pinned to WAN 2 (falls back to WAN 3). */
    public static final int UDP_PORT_WAN2 = 40002;
    public static final int HTTPS_PORT = 443;
    static final int[] WEIGHTS = {3, 2, 1};
    /** The bonded scene's keys, made per lab run with {@code wg}: no key is in the source. */
    private static final class BondKeys {
        static final String RELAY = Wg.run("genpsk", null);
        static final String ROUTER = Wg.run("genkey", null);
        static final String SERVER = Wg.run("genkey", null);
    }

    private LabConfig() {
    }

    public static String uci() {
        StringBuilder sb = new StringBuilder("config globals 'globals'\n\toption mmx_mask '0x3F00'\n\n");
        for (int k = 1; k <= 3; k++) {
            sb.append("config interface 'wan").append(k).append("'\n\toption enabled '1'\n")
                    .append("\toption device '").append(Topology.wanDevice(k)).append("'\n")
                    .append("\tlist track_ip '").append(Topology.target(1)).append("'\n")
                    .append("\tlist track_ip '").append(Topology.target(2)).append("'\n")
                    .append("\toption track_method 'ping'\n\toption interval '0.2'\n\toption timeout '0.2'\n")
                    .append("\toption up '3'\n\toption down '3'\n\n");
            member(sb, "wan" + k + "_w" + WEIGHTS[k - 1], k, 1, WEIGHTS[k - 1]);
        }
        member(sb, "wan1_m1", 1, 1, 1);
        member(sb, "wan2_m1", 2, 1, 1);
        member(sb, "wan3_m2", 3, 2, 1);
        sb.append("config policy 'balanced'\n\tlist use_member 'wan1_w3'\n\tlist use_member 'wan2_w2'\n")
                .append("\tlist use_member 'wan3_w1'\n\n");
        sb.append("config policy 'wan1_backup'\n\tlist use_member 'wan1_m1'\n\tlist use_member 'wan3_m2'\n\n");
        sb.append("config policy 'wan2_backup'\n\tlist use_member 'wan2_m1'\n\tlist use_member 'wan3_m2'\n\n");
        sb.append("config rule 'https'\n\toption proto 'tcp'\n\toption dest_port '").append(HTTPS_PORT)
                .append("'\n\toption sticky '1'\n\toption timeout '600'\n\toption use_policy 'balanced'\n\n");
        udpRule(sb, "udp_wan1", UDP_PORT_WAN1, "wan1_backup");
        udpRule(sb, "udp_wan2", UDP_PORT_WAN2, "wan2_backup");
        sb.append("config rule 'default_rule'\n\toption dest_ip '0.0.0.0/0'\n\toption use_policy 'balanced'\n");
        return sb.toString();
    }

    /**
     * The router's end of the bonded scene's tunnel (appended to {@link #uci()} on reload), and the tunnel as an
     * mwan3 interface tracked through the far end's tunnel address, as docs/tunnel.md sets it up.
     */
    static String bondClient() {
        return "\nconfig interface 'bond'\n\toption enabled '1'\n\toption device 'bond'\n\toption family 'ipv4'\n"
                + "\tlist track_ip '" + BondScene.SERVER_END + "'\n\toption track_method 'ping'\n"
                + "\toption interval '0.2'\n\toption timeout '0.2'\n\toption up '3'\n\toption down '3'\n"
                + "\nconfig tunnel 'bondtun'\n\toption role 'client'\n\toption mode 'redundant'\n\toption device 'bond'\n"
                + "\tlist path 'wan1'\n\tlist path 'wan2'\n\tlist peer '" + BondScene.LISTEN + ":" + BondScene.PORT
                + "'\n\toption key '" + BondKeys.RELAY + "'\n\toption address '198.18.200.1/30'\n"
                + "\toption private_key '" + BondKeys.ROUTER + "'\n\toption peer_public_key '"
                + Wg.run("pubkey", BondKeys.SERVER) + "'\n";
    }

    /** The far end: an mwan3d whose config holds only the tunnel, as on a VPS. */
    static String bondServer() {
        return "config tunnel 'bond'\n\toption role 'server'\n\toption mode 'redundant'\n\toption device '"
                + BondScene.SERVER_DEVICE + "'\n"
                + "\toption listen '" + BondScene.LISTEN + ":" + BondScene.PORT + "'\n\toption key '" + BondKeys.RELAY
                + "'\n\toption address '" + BondScene.SERVER_END + "/30'\n"
                + "\toption private_key '" + BondKeys.SERVER + "'\n\toption peer_public_key '"
                + Wg.run("pubkey", BondKeys.ROUTER) + "'\n";
    }

    private static void member(StringBuilder sb, String name, int wan, int metric, int weight) {
        sb.append("config member '").append(name).append("'\n\toption interface 'wan").append(wan)
                .append("'\n\toption metric '").append(metric).append("'\n\toption weight '").append(weight)
                .append("'\n\n");
    }

    private static void udpRule(StringBuilder sb, String name, int srcPort, String policy) {
        sb.append("config rule '").append(name).append("'\n\toption proto 'udp'\n\toption src_port '")
                .append(srcPort).append("'\n\toption use_policy '").append(policy).append("'\n\n");
    }
}
