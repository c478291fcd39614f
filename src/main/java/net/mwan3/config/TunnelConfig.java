package net.mwan3.config;

import java.util.List;

/**
 * A {@code tunnel} section (extension): a multipath tunnel shown to mwan3 as one more WAN. {@code encryption}
 * false keeps every datagram authenticated but leaves its payload readable (see {@code PacketCipher}).
 */
public record TunnelConfig(String name, TunnelRole role, TunnelMode mode, List<String> paths, List<String> peers,
                           String listen, String key, String address, int mtu, String device, boolean encryption) {

    public TunnelConfig {
        paths = List.copyOf(paths);
        peers = List.copyOf(peers);
    }

    @Override
    public String toString() {
        // Never print the key.
        return "TunnelConfig[" + name + ", " + role + ", " + mode + ", paths=" + paths + ", peers=" + peers
                + ", listen=" + listen + ", address=" + address + ", mtu=" + mtu + ", device=" + device
                + ", encryption=" + encryption + "]";
    }
}
