package net.mwan3.kernel;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import net.mwan3.model.MarkMask;
import net.mwan3.plan.IpRule;
import net.mwan3.plan.Numbering;
import net.mwan3.plan.Route;

/**
 * Which ip rules and routing tables the adapter may touch. mwan3's own {@code stop} deleted every
 * rule with a pref 1000..3999 and flushed every table up to 60, whoever made them (§9.4). Here a
 * rule is ours only when it has mwan3's exact shape for the mask ({@link Numbering#isMwan3Rule}) or
 * the ownership journal lists it (what an earlier run applied, e.g. under another mask); a rule that
 * differs in any part is foreign and stays, whatever its pref. A table is ours when the config
 * numbers it (an interface id), the journal lists it, or one of our rules in the kernel looks it up;
 * a user's table 7 or 50 that nothing of ours points at stays. Main, local and default never are.
 *
 * @param mask   the mark mask whose rule shapes are ours
 * @param rules  rules listed by the journal
 * @param tables tables numbered by the config or listed by the journal
 */
public record Ownership(MarkMask mask, Set<IpRule> rules, Set<Integer> tables) {

    /** Tables that belong to the system, never ours whatever a rule or journal says. */
    private static final Set<Integer> SYSTEM_TABLES = Set.of(0, 253, Route.MAIN, Route.LOCAL);

    public Ownership {
        rules = Set.copyOf(rules);
        tables = Set.copyOf(new TreeSet<>(tables));
    }

    /** The shapes of {@code mask} and tables 1..interfaceCount (the config's interface ids). */
    public static Ownership of(MarkMask mask, int interfaceCount) {
        Set<Integer> tables = new TreeSet<>();
        for (int id = 1; id <= interfaceCount; id++) {
            tables.add(id);
        }
        return new Ownership(mask, Set.of(), tables);
    }

    /** This ownership plus what a journal lists. */
    public Ownership with(Collection<IpRule> journalRules, Collection<Integer> journalTables) {
        Set<IpRule> r = new java.util.HashSet<>(rules);
        r.addAll(journalRules);
        Set<Integer> t = new TreeSet<>(tables);
        t.addAll(journalTables);
        return new Ownership(mask, r, t);
    }

    /** This ownership plus the tables that {@code ours} (rules of ours found in the kernel) look up. */
    public Ownership lookingUp(Collection<IpRule> ours) {
        Set<Integer> t = new TreeSet<>(tables);
        ours.stream().filter(r -> r.action() == IpRule.Action.LOOKUP).forEach(r -> t.add(r.table()));
        return new Ownership(mask, rules, t);
    }

    public boolean owns(IpRule rule) {
        return rules.contains(rule) || new Numbering(mask).isMwan3Rule(rule);
    }

    public boolean ownsTable(int table) {
        return tables.contains(table) && !SYSTEM_TABLES.contains(table);
    }
}
