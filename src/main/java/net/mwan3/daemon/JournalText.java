package net.mwan3.daemon;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import net.mwan3.json.Json;
import net.mwan3.json.JsonArray;
import net.mwan3.json.JsonInteger;
import net.mwan3.json.JsonNull;
import net.mwan3.json.JsonObject;
import net.mwan3.json.JsonString;
import net.mwan3.json.JsonValue;
import net.mwan3.model.DeviceName;
import net.mwan3.model.Family;
import net.mwan3.plan.IpRule;
import net.mwan3.plan.NftTable;

/**
 * The ownership journal's file as text: {@code nftTable}, {@code interfaces} (id to name),
 * {@code rules} (each IpRule's components by name) and {@code tables}, indented, as the first
 * version wrote it with Jackson's data binding, so a journal left by either version reads back.
 * Reading is strict: the file is ours alone, so anything we do not write makes it unreadable.
 */
final class JournalText {

    private JournalText() {
    }

    /**
     * The journal's content, each entry checked: it names no system table and no rule outside mwan3's
     * pref range, so a tampered file cannot make us delete the main table or a user's rule at 100.
     */
    static OwnershipJournal.Entries read(String text) {
        JsonValue d = Json.parse(text);
        known(d, "nftTable", "interfaces", "rules", "tables");
        Set<IpRule> rules = new LinkedHashSet<>();
        for (JsonValue v : list(d.get("rules"), "rules")) {
            IpRule r = v == JsonNull.NULL ? null : rule(v);
            if (r == null || r.family() == null || r.action() == null || r.pref() <= 1000 || r.pref() >= 4000
                    || r.iif() != null && !DeviceName.valid(r.iif())) {
                throw new IllegalArgumentException("not a rule mwan3 makes: " + r);
            }
            rules.add(r);
        }
        Set<Integer> tables = new TreeSet<>();
        for (JsonValue v : list(d.get("tables"), "tables")) {
            Integer t = v == JsonNull.NULL ? null : number(v, "tables");
            if (t == null || t <= 0 || t >= 253) {
                throw new IllegalArgumentException("not a table mwan3 numbers: " + t);
            }
            tables.add(t);
        }
        Map<Integer, String> interfaces = new TreeMap<>();
        JsonValue names = d.get("interfaces");
        if (!(names instanceof JsonObject) && names != JsonNull.NULL) {
            throw new IllegalArgumentException("interfaces is not an object: " + names);
        }
        for (Map.Entry<String, JsonValue> e : names.members().entrySet()) {
            String name = text(e.getValue(), "interfaces");
            if (name == null) {
                throw new IllegalArgumentException("interface " + e.getKey() + " without a name");
            }
            try {
                interfaces.put(Integer.valueOf(e.getKey()), name);
            } catch (NumberFormatException notAnId) {
                throw new IllegalArgumentException("not an interface id: " + e.getKey(), notAnId);
            }
        }
        String nft = text(d.get("nftTable"), "nftTable") == null ? null : NftTable.FAMILY + " " + NftTable.NAME;
        return new OwnershipJournal.Entries(nft, interfaces, rules, tables);
    }

    /** The file is ours alone: a member we do not write means someone else's file. */
    private static void known(JsonValue o, String... keys) {
        if (!(o instanceof JsonObject)) {
            throw new IllegalArgumentException("not an object: " + o);
        }
        for (String key : o.members().keySet()) {
            if (!List.of(keys).contains(key)) {
                throw new IllegalArgumentException("unknown member " + key);
            }
        }
    }

    private static List<JsonValue> list(JsonValue v, String what) {
        if (!(v instanceof JsonArray) && v != JsonNull.NULL) {
            throw new IllegalArgumentException(what + " is not a list: " + v);
        }
        return v.elements();
    }

    /** A string member, or null when absent or null. */
    private static String text(JsonValue v, String what) {
        if (v instanceof JsonString s) {
            return s.value();
        }
        if (v != JsonNull.NULL) {
            throw new IllegalArgumentException(what + " is not a string: " + v);
        }
        return null;
    }

    /** An integer member; absent or null is 0, as for the record's primitive components. */
    private static int number(JsonValue v, String what) {
        long n = wide(v, what);
        if (n != (int) n) {
            throw new IllegalArgumentException(what + " out of range: " + v);
        }
        return (int) n;
    }

    private static long wide(JsonValue v, String what) {
        if (v instanceof JsonInteger n) {
            return n.value();
        }
        if (v != JsonNull.NULL) {
            throw new IllegalArgumentException(what + " is not an integer: " + v);
        }
        return 0;
    }

    private static IpRule rule(JsonValue r) {
        known(r, "family", "pref", "iif", "fwmark", "mask", "action", "table");
        String family = text(r.get("family"), "family");
        String action = text(r.get("action"), "action");
        return new IpRule(family == null ? null : Family.valueOf(family), number(r.get("pref"), "pref"),
                text(r.get("iif"), "iif"), wide(r.get("fwmark"), "fwmark"), wide(r.get("mask"), "mask"),
                action == null ? null : IpRule.Action.valueOf(action), number(r.get("table"), "table"));
    }

    /** The file's text: members in a fixed order and lists sorted, so equal content is equal text. */
    static String write(OwnershipJournal.Entries e) {
        JsonObject d = new JsonObject().put("nftTable", e.nftTable());
        JsonObject names = d.putObject("interfaces");
        new TreeMap<>(e.interfaces()).forEach((id, name) -> names.put(Integer.toString(id), name));
        JsonArray rules = d.putArray("rules");
        e.rules().stream().sorted(java.util.Comparator.comparing(IpRule::family).thenComparingInt(IpRule::pref)
                .thenComparing(IpRule::toString)).forEach(r -> rules.addObject()
                .put("family", r.family().name()).put("pref", r.pref()).put("iif", r.iif())
                .put("fwmark", r.fwmark()).put("mask", r.mask()).put("action", r.action().name())
                .put("table", r.table()));
        JsonArray tables = d.putArray("tables");
        new TreeSet<>(e.tables()).forEach(tables::add);
        return Json.writePretty(d) + "\n";
    }
}
