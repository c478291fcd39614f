package net.mwan3.plan;

import java.util.List;

/**
 * A chain of table {@code inet mwan3}; {@code base} is the hook line of a base chain (e.g.
 * {@code type filter hook prerouting priority mangle; policy accept}) or null for a regular chain.
 * Rules are nft statements, one per element, in order.
 */
public record NftChain(String name, String base, List<String> rules) {

    public NftChain {
        rules = List.copyOf(rules);
    }
}
