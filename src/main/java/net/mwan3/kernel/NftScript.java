package net.mwan3.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.mwan3.plan.NftChain;
import net.mwan3.plan.NftSet;
import net.mwan3.plan.NftTable;

/**
 * Pure renderer of the one {@code nft -f -} transaction that turns the listed table into the
 * desired one. Every existing chain is flushed first, so no rule references anything when sets and
 * chains are deleted; chains and sets whose shape changed are deleted and recreated; KEEP sets
 * (filled by dnsmasq, users, the packet path) are only created, never flushed; named counters are
 * only created and deleted, so they keep their values. One statement per
 * line, as nft 1.0.6 wants.
 */
public final class NftScript {
    private static final String T = NftTable.FAMILY + " " + NftTable.NAME;
    private static final Pattern BASE = Pattern.compile(
            "type\\s+(\\S+)\\s+hook\\s+(\\S+)(?:\\s+device\\s+\\S+)?\\s+priority\\s+([^;]+?)\\s*(?:;\\s*policy\\s+(\\w+))?\\s*;?\\s*");
    private static final Pattern PRIO = Pattern.compile("([a-z]+)?\\s*(?:([+-])?\\s*(\\d+))?");
    private static final Map<String, Integer> PRIORITIES =
            Map.of("raw", -300, "mangle", -150, "dstnat", -100, "filter", 0, "security", 50, "srcnat", 100);

    private NftScript() {
    }

    /** The script, or "" when nothing needs to exist and nothing does. */
    public static String render(NftTable desired, NftInventory observed) {
        if (desired.isEmpty()) {
            return observed.present() ? "delete table " + T + "\n" : "";
        }
        List<String> out = new ArrayList<>();
        out.add("add table " + T);
        observed.chains().keySet().forEach(c -> out.add("flush chain " + T + " " + c));
        List<String> keptSets = sets(desired, observed, out);
        List<String> keptChains = new ArrayList<>();
        observed.chains().forEach((name, base) -> {
            if (desired.chain(name).filter(c -> base.equals(baseSignature(c.base()))).isPresent()) {
                keptChains.add(name);
            } else {
                out.add("delete chain " + T + " " + name);
            }
        });
        observed.counters().stream().filter(n -> !desired.counters().contains(n))
                .forEach(n -> out.add("delete counter " + T + " " + n));
        desired.counters().stream().filter(n -> !observed.counters().contains(n))
                .forEach(n -> out.add("add counter " + T + " " + n));
        for (NftChain c : desired.chains()) {
            if (!keptChains.contains(c.name())) {
                out.add("add chain " + T + " " + c.name() + (c.base() == null ? "" : " { " + stripSemi(c.base()) + "; }"));
            }
        }
        for (NftSet s : desired.sets()) {
            if (!keptSets.contains(s.name())) {
                out.add("add " + kind(s.spec()) + " " + T + " " + s.name() + " { " + stripSemi(s.spec()) + "; }");
            }
            if (s.policy() == NftSet.Elements.OWNED && !s.elements().isEmpty()) {
                out.add("add element " + T + " " + s.name() + " { " + String.join(", ", s.elements()) + " }");
            }
        }
        desired.chains().forEach(c -> c.rules().forEach(r -> out.add("add rule " + T + " " + c.name() + " " + r)));
        return String.join("\n", out) + "\n";
    }

    /** Deletes or flushes the listed sets; returns the names that stay (so are not re-added). */
    private static List<String> sets(NftTable desired, NftInventory observed, List<String> out) {
        List<String> kept = new ArrayList<>();
        observed.sets().forEach((name, shape) -> {
            NftSet want = desired.set(name).orElse(null);
            String sig = want == null ? null : typeSignature(want.spec());
            boolean same = want != null && kind(want.spec()).equals(shape.kind())
                    && (sig == null || sig.equals(shape.type()));
            if (!same) {
                out.add("delete " + shape.kind() + " " + T + " " + name);
                return;
            }
            kept.add(name);
            if (want.policy() != NftSet.Elements.KEEP && shape.elements() > 0) {
                out.add("flush " + shape.kind() + " " + T + " " + name);
            }
        });
        return kept;
    }

    /** {@code map} when the spec's type has a value ({@code type ipv4_addr : mark}), else {@code set}. */
    public static String kind(String spec) {
        String type = typeSignature(spec);
        return type != null && type.contains(" : ") ? "map" : "set";
    }

    /** The key type of a set spec, normalised ({@code ipv4_addr . inet_service : mark}); null for {@code typeof}. */
    public static String typeSignature(String spec) {
        Matcher m = Pattern.compile("(?:^|;)\\s*type\\s+([^;]+)").matcher(spec);
        if (!m.find()) {
            return null;
        }
        String[] kv = m.group(1).trim().split("\\s*:\\s*", 2);
        String key = String.join(" . ", kv[0].trim().split("\\s*\\.\\s*"));
        return kv.length == 2 ? key + " : " + kv[1].trim() : key;
    }

    /** A base chain's hook as {@code "filter prerouting -150 accept"}; "" for a regular chain (null base). */
    public static String baseSignature(String base) {
        if (base == null) {
            return "";
        }
        Matcher m = BASE.matcher(base.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a base chain line: " + base);
        }
        return m.group(1) + " " + m.group(2) + " " + priority(m.group(3).trim()) + " "
                + Objects.requireNonNullElse(m.group(4), "accept");
    }

    static int priority(String expr) {
        Matcher m = PRIO.matcher(expr);
        if (!m.matches() || (m.group(1) == null && m.group(3) == null)) {
            throw new IllegalArgumentException("unknown priority: " + expr);
        }
        int base = m.group(1) == null ? 0 : Objects.requireNonNull(PRIORITIES.get(m.group(1)), () -> "priority " + expr);
        int offset = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return base + ("-".equals(m.group(2)) ? -offset : offset);
    }

    private static String stripSemi(String s) {
        String t = s.strip();
        return t.endsWith(";") ? t.substring(0, t.length() - 1).strip() : t;
    }
}
