package net.mwan3.plan;

import java.util.List;
import java.util.Optional;

/** The desired content of table {@code inet mwan3}: sets first, then chains, each in render order. */
public record NftTable(List<NftSet> sets, List<NftChain> chains) {

    public static final String FAMILY = "inet";
    public static final String NAME = "mwan3";
    public static final NftTable EMPTY = new NftTable(List.of(), List.of());

    public NftTable {
        sets = List.copyOf(sets);
        chains = List.copyOf(chains);
    }

    public boolean isEmpty() {
        return sets.isEmpty() && chains.isEmpty();
    }

    public Optional<NftChain> chain(String name) {
        return chains.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Optional<NftSet> set(String name) {
        return sets.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
