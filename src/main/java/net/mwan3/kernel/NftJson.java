package net.mwan3.kernel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import net.mwan3.json.Json;
import net.mwan3.json.JsonArray;
import net.mwan3.json.JsonFormatException;
import net.mwan3.json.JsonNull;
import net.mwan3.json.JsonObject;
import net.mwan3.json.JsonString;
import net.mwan3.json.JsonValue;

/**
 * Pure reader of {@code nft -j list table inet mwan3}: the inventory the script needs, and a
 * fingerprint (a SHA-256 digest, so a large table's is not kept in memory as text) that changes
 * exactly when someone else changed our table. The fingerprint drops what moves without anyone
 * editing (handles, counters, the version header) and the elements of KEEP sets, which others fill
 * on purpose.
 */
public final class NftJson {
    private NftJson() {
    }

    public static NftInventory inventory(String json) {
        return inventory(items(json));
    }

    /** A listing parsed once, for both its inventory and its fingerprint. */
    public static Listing read(String json) {
        return new Listing(items(json));
    }

    /** A parsed {@code nft -j list table} answer. */
    public static final class Listing {
        private final List<JsonValue> items;

        private Listing(List<JsonValue> items) {
            this.items = items;
        }

        public NftInventory inventory() {
            return NftJson.inventory(items);
        }

        public String fingerprint(Set<String> keepSets) {
            return NftJson.fingerprint(items, keepSets);
        }
    }

    private static NftInventory inventory(List<JsonValue> items) {
        Map<String, String> chains = new TreeMap<>();
        Map<String, NftInventory.SetShape> sets = new TreeMap<>();
        Map<String, Integer> rules = new TreeMap<>();
        java.util.Set<String> counters = new java.util.TreeSet<>();
        for (JsonValue item : items) {
            if (item.get("counter").has("name")) {
                counters.add(item.get("counter").get("name").asText());
            }
            if (item.has("chain")) {
                JsonValue c = item.get("chain");
                chains.put(c.get("name").asText(), c.has("hook") ? c.get("type").asText() + " "
                        + c.get("hook").asText() + " " + c.get("prio").asInt(0) + " "
                        + c.get("policy").asText("accept") : "");
                rules.putIfAbsent(c.get("name").asText(), 0);
            }
            if (item.has("rule")) {
                rules.merge(item.get("rule").get("chain").asText(), 1, Integer::sum);
            }
            for (String kind : List.of("set", "map")) {
                if (item.has(kind)) {
                    JsonValue s = item.get(kind);
                    String type = type(s.get("type"));
                    if (s.has("map")) {
                        type += " : " + type(s.get("map"));
                    }
                    sets.put(s.get("name").asText(), new NftInventory.SetShape(kind, type, s.get("elem").size()));
                }
            }
        }
        return new NftInventory(true, chains, sets, rules, counters);
    }

    private static String type(JsonValue t) {
        if (!(t instanceof JsonArray)) {
            return t.asText();
        }
        List<String> parts = new ArrayList<>();
        t.elements().forEach(p -> parts.add(p.asText()));
        return String.join(" . ", parts);
    }

    /**
     * A digest of the listing without handles, counter values, metainfo and the elements of
     * {@code keepSets}: equal digests, equal tables for all that is ours.
     */
    public static String fingerprint(String json, Set<String> keepSets) {
        return fingerprint(items(json), keepSets);
    }

    private static String fingerprint(List<JsonValue> items, Set<String> keepSets) {
        MessageDigest digest = sha256();
        for (JsonValue item : items) {
            if (item.has("metainfo")) {
                continue;
            }
            String keep = null;
            for (String kind : List.of("set", "map")) {
                if (item.has(kind) && keepSets.contains(item.get(kind).get("name").asText())) {
                    keep = kind;
                }
            }
            feed(digest, item, keep);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Feeds {@code node} unambiguously; {@code keepKind}: the set/map key under which "elem" is skipped. */
    private static void feed(MessageDigest d, JsonValue node, String keepKind) {
        if (node instanceof JsonObject o) {
            d.update((byte) '{');
            for (Map.Entry<String, JsonValue> f : o.members().entrySet()) {
                String key = f.getKey();
                if (key.equals("handle")) {
                    continue;
                }
                text(d, key);
                if (key.equals("counter") && f.getValue() instanceof JsonObject) {
                    d.update((byte) '0');
                } else {
                    feedMember(d, key, f.getValue(), keepKind);
                }
            }
            d.update((byte) '}');
        } else if (node instanceof JsonArray a) {
            d.update((byte) '[');
            a.elements().forEach(e -> feed(d, e, null));
            d.update((byte) ']');
        } else {
            d.update((byte) (node instanceof JsonString ? 's' : 'v'));
            text(d, node == JsonNull.NULL ? "null" : node.asText());
        }
    }

    private static void feedMember(MessageDigest d, String key, JsonValue value, String keepKind) {
        if (keepKind != null && key.equals(keepKind) && value instanceof JsonObject set) {
            JsonObject copy = new JsonObject();
            set.members().forEach(copy::put);
            copy.remove("elem");
            feed(d, copy, null);
        } else {
            feed(d, value, null);
        }
    }

    private static void text(MessageDigest d, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.update(ByteBuffer.allocate(4).putInt(b.length).array());
        d.update(b);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static List<JsonValue> items(String json) {
        JsonValue items;
        try {
            items = Json.parse(json).get("nftables");
        } catch (JsonFormatException e) {
            throw new KernelException("unparsable nft -j output: " + e.getMessage());
        }
        if (!(items instanceof JsonArray)) {
            throw new KernelException("no nftables array in nft -j output");
        }
        return items.elements();
    }
}
