package net.mwan3.config;

/** A probe method of mwan3's {@code track_method}; {@link #builtIn()} says which ones run here. */
public enum TrackMethod {
    PING("ping"), ARPING("arping"), HTTPING("httping"), NPING_TCP("nping-tcp"), NPING_UDP("nping-udp"),
    NPING_ICMP("nping-icmp"), NPING_ARP("nping-arp"), NSLOOKUP("nslookup");

    private final String uci;

    TrackMethod(String uci) {
        this.uci = uci;
    }

    /** Methods with an in-process prober; the others fall back to ping with a warning, as in mwan3. */
    public boolean builtIn() {
        return this == PING || this == HTTPING || this == NPING_TCP || this == NSLOOKUP;
    }

    /** The word the UCI file uses. */
    public String uci() {
        return uci;
    }

    public static TrackMethod fromUci(String value) {
        for (TrackMethod v : values()) {
            if (v.uci.equals(value)) {
                return v;
            }
        }
        throw new IllegalArgumentException("not a TrackMethod: " + value);
    }

    @Override
    public String toString() {
        return uci;
    }
}
