package net.mwan3.config;

/** The hotplug actions of {@code flush_conntrack}. */
public enum FlushAction {
    IFUP("ifup"), IFDOWN("ifdown"), CONNECTED("connected"), DISCONNECTED("disconnected");

    private final String uci;

    FlushAction(String uci) {
        this.uci = uci;
    }

    /** The word the UCI file uses. */
    public String uci() {
        return uci;
    }

    public static FlushAction fromUci(String value) {
        for (FlushAction v : values()) {
            if (v.uci.equals(value)) {
                return v;
            }
        }
        throw new IllegalArgumentException("not a FlushAction: " + value);
    }

    @Override
    public String toString() {
        return uci;
    }
}
