package net.mwan3.kernel;

import java.util.Set;
import java.util.TreeSet;

import net.mwan3.model.MarkMask;

/**
 * Which ip rule prefs and routing tables the adapter may touch. mwan3's own {@code stop} deleted
 * every rule with a pref 1000..3999 and flushed every table up to 60, whoever made them (§9.4); we
 * delete only what the current config could have created, so the caller passes the set explicitly.
 */
public record Ownership(Set<Integer> prefs, Set<Integer> tables) {

    public static final Ownership NONE = new Ownership(Set.of(), Set.of());

    public Ownership {
        prefs = Set.copyOf(new TreeSet<>(prefs));
        tables = Set.copyOf(new TreeSet<>(tables));
    }

    /**
     * The numbering of mwan3 for {@code interfaceCount} interface sections: prefs 1000+id,
     * 2000+id and 3000+id, the blackhole and unreachable rules at 2000+mm, and tables 1..count.
     */
    public static Ownership of(MarkMask mask, int interfaceCount) {
        Set<Integer> prefs = new TreeSet<>();
        Set<Integer> tables = new TreeSet<>();
        for (int id = 1; id <= interfaceCount; id++) {
            prefs.add(1000 + id);
            prefs.add(2000 + id);
            prefs.add(3000 + id);
            tables.add(id);
        }
        prefs.add(2000 + (int) mask.mmBlackhole());
        prefs.add(2000 + (int) mask.mmUnreachable());
        return new Ownership(prefs, tables);
    }

    public boolean ownsPref(int pref) {
        return prefs.contains(pref);
    }

    public boolean ownsTable(int table) {
        return tables.contains(table);
    }
}
