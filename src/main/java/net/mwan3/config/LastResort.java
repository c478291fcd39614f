package net.mwan3.config;

/** What a policy does when none of its members is online. */
public enum LastResort {
    UNREACHABLE("unreachable"), BLACKHOLE("blackhole"), DEFAULT("default");

    private final String uci;

    LastResort(String uci) {
        this.uci = uci;
    }

    /** The word the UCI file uses. */
    public String uci() {
        return uci;
    }

    public static LastResort fromUci(String value) {
        for (LastResort v : values()) {
            if (v.uci.equals(value)) {
                return v;
            }
        }
        throw new IllegalArgumentException("not a LastResort: " + value);
    }

    @Override
    public String toString() {
        return uci;
    }
}
