package net.mwan3.kernel;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import net.mwan3.plan.NftChain;
import net.mwan3.plan.NftSet;
import net.mwan3.plan.NftTable;

/**
 * The names in table {@code inet mwan3} as listed, with just enough to decide between flushing and
 * recreating: a chain's hook signature ("" for a regular chain) and a set's kind and key type;
 * and, to tell whether the table still has the shape we gave it, each chain's rule count.
 *
 * @param chains chain name to {@link NftScript#baseSignature} form
 * @param sets   set name to its observed shape
 * @param rules    chain name to the number of rules it holds (absent: not known)
 * @param counters the named counters
 */
public record NftInventory(boolean present, Map<String, String> chains, Map<String, SetShape> sets,
                           Map<String, Integer> rules, java.util.Set<String> counters) {

    public static final NftInventory ABSENT = new NftInventory(false, Map.of(), Map.of(), Map.of());
    /** An interval set: nft merges overlapping and adjacent elements, so it may list fewer than were added. */
    private static final java.util.regex.Pattern INTERVALS = java.util.regex.Pattern.compile("flags[^;]*\\binterval\\b");

    /** A set or map as listed: {@code kind} is {@code set} or {@code map}; {@code type} as in {@link NftScript#typeSignature}. */
    public record SetShape(String kind, String type, int elements) {
    }

    public NftInventory {
        chains = Collections.unmodifiableSortedMap(new TreeMap<>(chains));
        sets = Collections.unmodifiableSortedMap(new TreeMap<>(sets));
        rules = Collections.unmodifiableSortedMap(new TreeMap<>(rules));
        counters = Collections.unmodifiableSortedSet(new java.util.TreeSet<>(counters));
    }

    /** Without named counters. */
    public NftInventory(boolean present, Map<String, String> chains, Map<String, SetShape> sets,
                        Map<String, Integer> rules) {
        this(present, chains, sets, rules, java.util.Set.of());
    }

    /** Without rule counts (what the script renderer needs). */
    public NftInventory(boolean present, Map<String, String> chains, Map<String, SetShape> sets) {
        this(present, chains, sets, Map.of());
    }

    /**
     * Whether the listed table has the shape {@code desired} gives it: the same chains with the same
     * hooks and as many rules each, the same named counters, the same sets and maps with the same key types, OWNED sets with
     * as many elements (an interval set's merged ones: some, at most as many) and EMPTY ones empty
     * (KEEP sets' elements belong to whoever fills them). What
     * nft prints for a rule is not what we wrote, so this is how a table applied without a listing
     * afterwards is recognised as ours; an edit that keeps every count is not seen here.
     */
    public boolean holds(NftTable desired) {
        if (!present || desired.isEmpty()) {
            return present == !desired.isEmpty();
        }
        if (chains.size() != desired.chains().size() || sets.size() != desired.sets().size()
                || !counters.equals(java.util.Set.copyOf(desired.counters()))) {
            return false;
        }
        for (NftChain c : desired.chains()) {
            if (!Objects.equals(chains.get(c.name()), NftScript.baseSignature(c.base()))
                    || !Objects.equals(rules.get(c.name()), c.rules().size())) {
                return false;
            }
        }
        for (NftSet s : desired.sets()) {
            SetShape have = sets.get(s.name());
            String type = NftScript.typeSignature(s.spec());
            if (have == null || !have.kind().equals(NftScript.kind(s.spec())) || type != null && !type.equals(have.type())) {
                return false;
            }
            boolean elements = switch (s.policy()) {
                case OWNED -> INTERVALS.matcher(s.spec()).find()
                        ? have.elements() <= s.elements().size() && (have.elements() == 0) == s.elements().isEmpty()
                        : have.elements() == s.elements().size();
                case EMPTY -> have.elements() == 0;
                case KEEP -> true;
            };
            if (!elements) {
                return false;
            }
        }
        return true;
    }
}
