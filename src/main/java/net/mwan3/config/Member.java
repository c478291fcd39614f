package net.mwan3.config;

/** A {@code member}: one interface with a metric (priority, lower first) and a weight. */
public record Member(String name, String interfaceName, int metric, int weight) {

    /** mwan3's DEFAULT_LOWEST_METRIC: members above it are ignored. */
    public static final int LOWEST_METRIC = 256;
}
