package net.mwan3.plan;

import java.util.List;
import java.util.Optional;

/**
 * The desired content of table {@code inet mwan3}: sets first, then chains, each in render order, and
 * the named counters the rules count into. Counters are objects of their own (not a rule's anonymous
 * counter) because an apply flushes and refills chains: a named counter keeps counting across it, so a
 * reader of the values never sees them jump back to zero.
 */
public record NftTable(List<NftSet> sets, List<NftChain> chains, List<String> counters) {

    public static final String FAMILY = "inet";
    public static final String NAME = "mwan3";
    public static final NftTable EMPTY = new NftTable(List.of(), List.of());

    public NftTable {
        sets = List.copyOf(sets);
        chains = List.copyOf(chains);
        counters = List.copyOf(counters);
    }

    /** A table without named counters. */
    public NftTable(List<NftSet> sets, List<NftChain> chains) {
        this(sets, chains, List.of());
    }

    public boolean isEmpty() {
        return sets.isEmpty() && chains.isEmpty() && counters.isEmpty();
    }

    public Optional<NftChain> chain(String name) {
        return chains.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Optional<NftSet> set(String name) {
        return sets.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
