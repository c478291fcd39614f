package net.mwan3.model;

import java.util.List;

/**
 * One interface as netifd reports it ({@code ubus call network.interface.NAME status}): whether
 * netifd has it up, its layer-3 device (e.g. {@code pppoe-wan}), how long it has been up, its
 * addresses per family and the gateways of its default routes. On OpenWrt this, not the device's
 * carrier, is mwan3's "up": an {@code ifdown} takes the interface out even when the device keeps
 * its address.
 */
public record NetifdInterface(String name, boolean up, String l3Device, long uptimeSeconds, List<String> ipv4,
                              List<String> ipv6, List<String> gateways) {

    public NetifdInterface {
        ipv4 = List.copyOf(ipv4);
        ipv6 = List.copyOf(ipv6);
        gateways = List.copyOf(gateways);
    }

    /** The first address of the family, or null. */
    public String address(Family family) {
        List<String> a = family == Family.IPV4 ? ipv4 : ipv6;
        return a.isEmpty() ? null : a.get(0);
    }
}
