package net.mwan3.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.mwan3.plan.NftChain;
import net.mwan3.plan.NftSet;
import net.mwan3.plan.NftTable;

/**
 * The nft half of {@link FakeKernel}: table {@code inet mwan3} as a model, applied atomically with
 * the same element policies as the real transaction, and strict where nft is strict: a rule must
 * start with a statement nft knows, a jump needs an existing chain, {@code @set} an existing set,
 * and names must not be keywords ({@code hook} is a syntax error in nft 1.0.6).
 */
final class FakeNft {
    private static final Set<String> STATEMENTS = Set.of("ip", "ip6", "meta", "ct", "tcp", "udp", "icmp",
            "icmpv6", "th", "counter", "jump", "goto", "return", "accept", "drop", "reject", "mark", "fib",
            "iif", "oif", "iifname", "oifname", "numgen", "log", "update", "add", "limit", "ether", "inet", "rt");
    private static final Set<String> KEYWORDS = Set.of("hook", "type", "priority", "policy", "table", "chain",
            "set", "map", "rule", "element", "flags", "counter", "jump", "return", "accept", "drop");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final Pattern REF = Pattern.compile("(?:jump|goto)\\s+([A-Za-z0-9_.-]+)|@([A-Za-z0-9_.-]+)");
    private static final Pattern COUNTER = Pattern.compile("counter name \"?([A-Za-z0-9_.-]+)");

    /** Null when the table does not exist. */
    private Map<String, NftChain> chains;
    private Map<String, NftSet> sets;
    private Set<String> counters;

    boolean present() {
        return chains != null;
    }

    /** Applies {@code desired}; returns the number of transactions run (0 when already equal). */
    int apply(NftTable desired) {
        if (desired.isEmpty()) {
            boolean had = present();
            chains = null;
            sets = null;
            counters = null;
            return had ? 1 : 0;
        }
        if (matches(desired)) {
            return 0;
        }
        validate(desired);
        Map<String, NftChain> newChains = new LinkedHashMap<>();
        desired.chains().forEach(c -> newChains.put(c.name(), c));
        Map<String, NftSet> newSets = new LinkedHashMap<>();
        for (NftSet s : desired.sets()) {
            NftSet old = sets == null ? null : sets.get(s.name());
            boolean keep = s.policy() == NftSet.Elements.KEEP && old != null && old.spec().equals(s.spec());
            List<String> elements = s.policy() == NftSet.Elements.OWNED ? s.elements() : keep ? old.elements() : List.of();
            newSets.put(s.name(), new NftSet(s.name(), s.spec(), s.policy(), elements));
        }
        chains = newChains;
        sets = newSets;
        counters = Set.copyOf(desired.counters());
        return 1;
    }

    private boolean matches(NftTable desired) {
        if (!present() || !chains.keySet().equals(names(desired.chains().stream().map(NftChain::name).toList()))
                || !sets.keySet().equals(names(desired.sets().stream().map(NftSet::name).toList()))
                || !counters.equals(Set.copyOf(desired.counters()))) {
            return false;
        }
        for (NftChain c : desired.chains()) {
            if (!c.equals(chains.get(c.name()))) {
                return false;
            }
        }
        for (NftSet s : desired.sets()) {
            NftSet have = sets.get(s.name());
            boolean elementsOk = switch (s.policy()) {
                case OWNED -> have.elements().equals(s.elements());
                case EMPTY -> have.elements().isEmpty();
                case KEEP -> true;
            };
            if (!have.spec().equals(s.spec()) || !elementsOk) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> names(List<String> list) {
        return Set.copyOf(list);
    }

    private static void validate(NftTable desired) {
        Set<String> chainNames = names(desired.chains().stream().map(NftChain::name).toList());
        Set<String> setNames = names(desired.sets().stream().map(NftSet::name).toList());
        for (String n : chainNames) {
            checkName(n);
        }
        setNames.forEach(FakeNft::checkName);
        desired.counters().forEach(FakeNft::checkName);
        for (NftChain c : desired.chains()) {
            for (String rule : c.rules()) {
                String first = rule.strip().split("\\s+", 2)[0];
                if (!STATEMENTS.contains(first)) {
                    throw fail("syntax error, unexpected string '" + first + "' in: " + rule);
                }
                Matcher cm = COUNTER.matcher(rule);
                while (cm.find()) {
                    if (!desired.counters().contains(cm.group(1))) {
                        throw fail("Could not process rule: No such file or directory: counter " + cm.group(1));
                    }
                }
                Matcher m = REF.matcher(rule);
                while (m.find()) {
                    if (m.group(1) != null && !chainNames.contains(m.group(1))) {
                        throw fail("Could not process rule: No such file or directory: chain " + m.group(1));
                    }
                    if (m.group(2) != null && !setNames.contains(m.group(2))) {
                        throw fail("Could not process rule: No such file or directory: set " + m.group(2));
                    }
                }
            }
        }
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches() || KEYWORDS.contains(name)) {
            throw fail("syntax error, unexpected " + name);
        }
    }

    private static KernelException fail(String message) {
        return new KernelException(new CommandResult(List.of("nft", "-f", "-"), 1, "", "Error: " + message));
    }

    NftInventory inventory() {
        if (!present()) {
            return NftInventory.ABSENT;
        }
        Map<String, String> c = new TreeMap<>();
        Map<String, Integer> rules = new TreeMap<>();
        chains.values().forEach(ch -> c.put(ch.name(), NftScript.baseSignature(ch.base())));
        chains.values().forEach(ch -> rules.put(ch.name(), ch.rules().size()));
        Map<String, NftInventory.SetShape> s = new TreeMap<>();
        sets.values().forEach(set -> s.put(set.name(), new NftInventory.SetShape(NftScript.kind(set.spec()),
                NftScript.typeSignature(set.spec()), set.elements().size())));
        return new NftInventory(true, c, s, rules, counters);
    }

    Set<String> counters() {
        return present() ? counters : Set.of();
    }

    List<String> chainRules(String chain) {
        return present() && chains.containsKey(chain) ? chains.get(chain).rules() : List.of();
    }

    List<String> elements(String set) {
        return present() && sets.containsKey(set) ? sets.get(set).elements() : List.of();
    }

    /** Someone else's edit: empties a chain. */
    void flushChain(String chain) {
        NftChain c = chains.get(chain);
        chains.put(chain, new NftChain(c.name(), c.base(), List.of()));
    }

    /** Someone else's edit: the chain's first rule replaced by {@code rule} (the rule count stays). */
    void replaceFirstRule(String chain, String rule) {
        NftChain c = chains.get(chain);
        List<String> rules = new ArrayList<>(c.rules());
        rules.set(0, rule);
        chains.put(chain, new NftChain(c.name(), c.base(), rules));
    }

    /** Someone else's edit: dnsmasq, a user or the packet path adds an element. */
    void addElement(String set, String element) {
        NftSet s = sets.get(set);
        List<String> elements = new ArrayList<>(s.elements());
        elements.add(element);
        sets.put(set, new NftSet(s.name(), s.spec(), s.policy(), elements));
    }

    void dump(List<String> out) {
        if (!present()) {
            return;
        }
        out.add("nft table " + NftTable.FAMILY + " " + NftTable.NAME);
        new java.util.TreeSet<>(counters).forEach(n -> out.add("  counter " + n));
        new TreeMap<>(sets).values().forEach(s -> out.add("  set " + s.name() + " { " + s.spec() + " } = "
                + s.elements().stream().sorted().toList()));
        for (NftChain c : new TreeMap<>(chains).values()) {
            out.add("  chain " + c.name() + (c.base() == null ? "" : " { " + c.base() + " }"));
            c.rules().forEach(r -> out.add("    " + r));
        }
    }
}
