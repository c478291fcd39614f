package net.mwan3.model;

import java.util.Locale;

/** An address family, spelled as mwan3's {@code family} option spells it. */
public enum Family {
    IPV4("ipv4", 32),
    IPV6("ipv6", 128);

    private final String uciName;
    private final int bits;

    Family(String uciName, int bits) {
        this.uciName = uciName;
        this.bits = bits;
    }

    public String uciName() {
        return uciName;
    }

    public int bits() {
        return bits;
    }

    /** nftables' protocol keyword for addresses of this family ({@code ip} or {@code ip6}). */
    public String nftProto() {
        return this == IPV4 ? "ip" : "ip6";
    }

    /** nftables' data type of addresses of this family. */
    public String nftAddrType() {
        return this == IPV4 ? "ipv4_addr" : "ipv6_addr";
    }

    public static Family fromUci(String value) {
        for (Family f : values()) {
            if (f.uciName.equals(value.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("not a family: " + value);
    }

    @Override
    public String toString() {
        return uciName;
    }
}
