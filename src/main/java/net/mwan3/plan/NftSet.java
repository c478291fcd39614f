package net.mwan3.plan;

import java.util.List;

/**
 * A named set of table {@code inet mwan3}.
 *
 * @param spec     the body before the elements, e.g. {@code type ipv4_addr; flags interval; auto-merge}
 * @param elements the elements we own, for {@link Elements#OWNED}; ignored otherwise
 */
public record NftSet(String name, String spec, Elements policy, List<String> elements) {

    /** Who fills the set, and so what a reconcile may do to its elements. */
    public enum Elements {
        /** The planner decides every element (connected networks): replaced on change. */
        OWNED,
        /** Others fill it (dnsmasq nftset=, the user, the packet path for sticky): never touched. */
        KEEP,
        /** Must be empty now (sticky entries of an interface that is offline or down): flushed. */
        EMPTY
    }

    public NftSet {
        elements = List.copyOf(elements);
    }

    public static NftSet owned(String name, String spec, List<String> elements) {
        return new NftSet(name, spec, Elements.OWNED, elements);
    }

    public static NftSet kept(String name, String spec) {
        return new NftSet(name, spec, Elements.KEEP, List.of());
    }

    public static NftSet emptied(String name, String spec) {
        return new NftSet(name, spec, Elements.EMPTY, List.of());
    }
}
