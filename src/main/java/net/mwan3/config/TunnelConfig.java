package net.mwan3.config;

import java.util.List;

/**
 * A {@code tunnel} section (extension): a multipath relay for WireGuard's datagrams. Either mwan3d manages the
 * WireGuard interface ({@code privateKey}, {@code peerPublicKey}, {@code address}, {@code mtu}, {@code device}),
 * or it only relays for one managed elsewhere ({@code wireguard}, then {@code device} is that interface). The
 * keys are base64 strings checked by the reader (32 bytes each) and never printed.
 *
 * @param localPort the relay's UDP port on 127.0.0.1: WireGuard's peer endpoint
 */
public record TunnelConfig(String name, TunnelRole role, TunnelMode mode, List<String> paths, List<String> peers,
                           String listen, String key, String privateKey, String peerPublicKey, String address,
                           int mtu, String device, boolean external, int localPort) {

    /** IPv4 + UDP + the relay's header and tag (44) + WireGuard's own (32) on a 1500-byte path. */
    public static final int MTU_IPV4 = 1500 - 20 - 8 - 44 - 32;
    /** As {@link #MTU_IPV4} over IPv6 paths. */
    public static final int MTU_IPV6 = 1500 - 40 - 8 - 44 - 32;

    public TunnelConfig {
        paths = List.copyOf(paths);
        peers = List.copyOf(peers);
    }

    @Override
    public String toString() {
        // Never print the keys.
        return "TunnelConfig[" + name + ", " + role + ", " + mode + ", paths=" + paths + ", peers=" + peers
                + ", listen=" + listen + ", address=" + address + ", mtu=" + mtu + ", device=" + device
                + (external ? " (external)" : "") + ", local_port=" + localPort + "]";
    }
}
