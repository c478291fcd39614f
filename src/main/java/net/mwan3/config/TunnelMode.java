package net.mwan3.config;

/** How a multipath tunnel uses its paths. */
public enum TunnelMode {
    REDUNDANT("redundant"), AGGREGATE("aggregate"), FAILOVER("failover");

    private final String uci;

    TunnelMode(String uci) {
        this.uci = uci;
    }

    /** The word the UCI file uses. */
    public String uci() {
        return uci;
    }

    public static TunnelMode fromUci(String value) {
        for (TunnelMode v : values()) {
            if (v.uci.equals(value)) {
                return v;
            }
        }
        throw new IllegalArgumentException("not a TunnelMode: " + value);
    }

    @Override
    public String toString() {
        return uci;
    }
}
