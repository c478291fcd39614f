package net.mwan3.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import net.mwan3.plan.NftChain;
import net.mwan3.plan.NftSet;
import net.mwan3.plan.NftTable;

/**
 * Pure: the {@code nft -f} transaction from the table we applied last to the desired one, touching
 * only what differs — one interface going offline rewrites a few policy chains, not a thousand user
 * rules. Declarations come first (new rules may jump to new chains), removals last (when nothing
 * references them any more). Returns empty when the change needs the full rebuild of
 * {@link NftScript} (a set or base chain changed shape).
 */
public final class NftDelta {
    private static final String T = NftTable.FAMILY + " " + NftTable.NAME;

    private NftDelta() {
    }

    public static Optional<String> render(NftTable applied, NftTable desired) {
        if (desired.isEmpty() || applied.isEmpty()) {
            return Optional.empty();
        }
        List<String> declare = new ArrayList<>();
        List<String> body = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        if (!sets(applied, desired, declare, body, remove)) {
            return Optional.empty();
        }
        desired.counters().stream().filter(n -> !applied.counters().contains(n))
                .forEach(n -> declare.add("add counter " + T + " " + n));
        applied.counters().stream().filter(n -> !desired.counters().contains(n))
                .forEach(n -> remove.add("delete counter " + T + " " + n));
        java.util.Map<String, NftChain> oldChains = new java.util.HashMap<>();
        applied.chains().forEach(c -> oldChains.put(c.name(), c));
        java.util.Set<String> newChains = new java.util.HashSet<>();
        desired.chains().forEach(c -> newChains.add(c.name()));
        for (NftChain c : desired.chains()) {
            Optional<NftChain> old = Optional.ofNullable(oldChains.get(c.name()));
            if (old.isPresent() && !Objects.equals(old.get().base(), c.base())) {
                return Optional.empty();
            }
            if (old.isEmpty()) {
                declare.add("add chain " + T + " " + c.name() + (c.base() == null ? "" : " { " + strip(c.base()) + "; }"));
            } else if (old.get().rules().equals(c.rules())) {
                continue;
            } else {
                body.add("flush chain " + T + " " + c.name());
            }
            c.rules().forEach(r -> body.add("add rule " + T + " " + c.name() + " " + r));
        }
        for (NftChain c : applied.chains()) {
            if (!newChains.contains(c.name())) {
                body.add(0, "flush chain " + T + " " + c.name());
                remove.add(0, "delete chain " + T + " " + c.name());
            }
        }
        List<String> out = new ArrayList<>(declare);
        out.addAll(body);
        out.addAll(remove);
        return Optional.of(out.isEmpty() ? "" : String.join("\n", out) + "\n");
    }

    /** Adds set statements; false when a set changed shape (needs the full rebuild). */
    private static boolean sets(NftTable applied, NftTable desired, List<String> declare, List<String> body,
                                List<String> remove) {
        for (NftSet s : desired.sets()) {
            Optional<NftSet> old = applied.set(s.name());
            if (old.isPresent() && !old.get().spec().equals(s.spec())) {
                return false;
            }
            String kind = NftScript.kind(s.spec());
            if (old.isEmpty()) {
                declare.add("add " + kind + " " + T + " " + s.name() + " { " + strip(s.spec()) + "; }");
            }
            boolean nowEmpty = s.policy() == NftSet.Elements.EMPTY
                    && (old.isEmpty() || old.get().policy() != NftSet.Elements.EMPTY);
            boolean ownedChanged = s.policy() == NftSet.Elements.OWNED
                    && (old.isEmpty() || !old.get().elements().equals(s.elements())
                    || old.get().policy() != NftSet.Elements.OWNED);
            if (old.isPresent() && (nowEmpty || ownedChanged)) {
                body.add("flush " + kind + " " + T + " " + s.name());
            }
            if (ownedChanged && !s.elements().isEmpty()) {
                body.add("add element " + T + " " + s.name() + " { " + String.join(", ", s.elements()) + " }");
            }
        }
        for (NftSet s : applied.sets()) {
            if (desired.set(s.name()).isEmpty()) {
                remove.add("delete " + NftScript.kind(s.spec()) + " " + T + " " + s.name());
            }
        }
        return true;
    }

    private static String strip(String s) {
        String t = s.strip();
        return t.endsWith(";") ? t.substring(0, t.length() - 1).strip() : t;
    }
}
