package net.mwan3.kernel;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The names in table {@code inet mwan3} as listed, with just enough to decide between flushing and
 * recreating: a chain's hook signature ("" for a regular chain) and a set's kind and key type.
 *
 * @param chains chain name to {@link NftScript#baseSignature} form
 * @param sets   set name to its observed shape
 */
public record NftInventory(boolean present, Map<String, String> chains, Map<String, SetShape> sets) {

    public static final NftInventory ABSENT = new NftInventory(false, Map.of(), Map.of());

    /** A set or map as listed: {@code kind} is {@code set} or {@code map}; {@code type} as in {@link NftScript#typeSignature}. */
    public record SetShape(String kind, String type, int elements) {
    }

    public NftInventory {
        chains = Collections.unmodifiableSortedMap(new TreeMap<>(chains));
        sets = Collections.unmodifiableSortedMap(new TreeMap<>(sets));
    }
}
