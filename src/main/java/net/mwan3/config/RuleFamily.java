package net.mwan3.config;

/** The families a rule applies to. */
public enum RuleFamily {
    IPV4("ipv4"), IPV6("ipv6"), ANY("any");

    private final String uci;

    RuleFamily(String uci) {
        this.uci = uci;
    }

    /** The word the UCI file uses. */
    public String uci() {
        return uci;
    }

    public static RuleFamily fromUci(String value) {
        for (RuleFamily v : values()) {
            if (v.uci.equals(value)) {
                return v;
            }
        }
        throw new IllegalArgumentException("not a RuleFamily: " + value);
    }

    @Override
    public String toString() {
        return uci;
    }
}
