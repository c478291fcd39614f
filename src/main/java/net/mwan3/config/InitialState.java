package net.mwan3.config;

/** mwan3's {@code initial_state}: whether an interface routes as soon as it is up. */
public enum InitialState {
    ONLINE("online"), OFFLINE("offline");

    private final String uci;

    InitialState(String uci) {
        this.uci = uci;
    }

    /** The word the UCI file uses. */
    public String uci() {
        return uci;
    }

    public static InitialState fromUci(String value) {
        for (InitialState v : values()) {
            if (v.uci.equals(value)) {
                return v;
            }
        }
        throw new IllegalArgumentException("not a InitialState: " + value);
    }

    @Override
    public String toString() {
        return uci;
    }
}
