package net.mwan3.model;

import java.util.List;

/**
 * A network device as the kernel reports it: admin state, carrier and global addresses per family.
 * Used to decide mwan3's "up": the device exists, is up with carrier and has an address of the
 * interface's family.
 */
public record LinkInfo(String device, boolean adminUp, boolean carrier, List<String> ipv4, List<String> ipv6) {

    public LinkInfo {
        ipv4 = List.copyOf(ipv4);
        ipv6 = List.copyOf(ipv6);
    }

    public boolean upFor(Family family) {
        return adminUp && carrier && !(family == Family.IPV4 ? ipv4 : ipv6).isEmpty();
    }

    /** The first address of the family (the source for probes), or null. */
    public String address(Family family) {
        List<String> a = family == Family.IPV4 ? ipv4 : ipv6;
        return a.isEmpty() ? null : a.get(0);
    }
}
