package net.mwan3.config;

/** Which end of a multipath tunnel this host is. */
public enum TunnelRole {
    CLIENT("client"), SERVER("server");

    private final String uci;

    TunnelRole(String uci) {
        this.uci = uci;
    }

    /** The word the UCI file uses. */
    public String uci() {
        return uci;
    }

    public static TunnelRole fromUci(String value) {
        for (TunnelRole v : values()) {
            if (v.uci.equals(value)) {
                return v;
            }
        }
        throw new IllegalArgumentException("not a TunnelRole: " + value);
    }

    @Override
    public String toString() {
        return uci;
    }
}
