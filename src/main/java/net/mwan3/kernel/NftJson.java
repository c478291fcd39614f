package net.mwan3.kernel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Pure reader of {@code nft -j list table inet mwan3}: the inventory the script needs, and a
 * fingerprint (a SHA-256 digest, so a large table's is not kept in memory as text) that changes
 * exactly when someone else changed our table. The fingerprint drops what moves without anyone
 * editing (handles, counters, the version header) and the elements of KEEP sets, which others fill
 * on purpose.
 */
public final class NftJson {
    private static final ObjectMapper JSON = new ObjectMapper();

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
        private final JsonNode items;

        private Listing(JsonNode items) {
            this.items = items;
        }

        public NftInventory inventory() {
            return NftJson.inventory(items);
        }

        public String fingerprint(Set<String> keepSets) {
            return NftJson.fingerprint(items, keepSets);
        }
    }

    private static NftInventory inventory(JsonNode items) {
        Map<String, String> chains = new TreeMap<>();
        Map<String, NftInventory.SetShape> sets = new TreeMap<>();
        Map<String, Integer> rules = new TreeMap<>();
        java.util.Set<String> counters = new java.util.TreeSet<>();
        for (JsonNode item : items) {
            if (item.path("counter").has("name")) {
                counters.add(item.get("counter").path("name").asText());
            }
            if (item.has("chain")) {
                JsonNode c = item.get("chain");
                chains.put(c.path("name").asText(), c.has("hook") ? c.path("type").asText() + " "
                        + c.path("hook").asText() + " " + c.path("prio").asInt() + " "
                        + c.path("policy").asText("accept") : "");
                rules.putIfAbsent(c.path("name").asText(), 0);
            }
            if (item.has("rule")) {
                rules.merge(item.get("rule").path("chain").asText(), 1, Integer::sum);
            }
            for (String kind : List.of("set", "map")) {
                if (item.has(kind)) {
                    JsonNode s = item.get(kind);
                    String type = type(s.path("type"));
                    if (s.has("map")) {
                        type += " : " + type(s.get("map"));
                    }
                    sets.put(s.path("name").asText(), new NftInventory.SetShape(kind, type, s.path("elem").size()));
                }
            }
        }
        return new NftInventory(true, chains, sets, rules, counters);
    }

    private static String type(JsonNode t) {
        if (!t.isArray()) {
            return t.asText();
        }
        List<String> parts = new ArrayList<>();
        t.forEach(p -> parts.add(p.asText()));
        return String.join(" . ", parts);
    }

    /**
     * A digest of the listing without handles, counter values, metainfo and the elements of
     * {@code keepSets}: equal digests, equal tables for all that is ours.
     */
    public static String fingerprint(String json, Set<String> keepSets) {
        return fingerprint(items(json), keepSets);
    }

    private static String fingerprint(JsonNode items, Set<String> keepSets) {
        MessageDigest digest = sha256();
        for (JsonNode item : items) {
            if (item.has("metainfo")) {
                continue;
            }
            String keep = null;
            for (String kind : List.of("set", "map")) {
                if (item.has(kind) && keepSets.contains(item.get(kind).path("name").asText())) {
                    keep = kind;
                }
            }
            feed(digest, item, keep);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Feeds {@code node} unambiguously; {@code keepKind}: the set/map key under which "elem" is skipped. */
    private static void feed(MessageDigest d, JsonNode node, String keepKind) {
        if (node instanceof ObjectNode o) {
            d.update((byte) '{');
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                String key = f.getKey();
                if (key.equals("handle")) {
                    continue;
                }
                text(d, key);
                if (key.equals("counter") && f.getValue().isObject()) {
                    d.update((byte) '0');
                } else {
                    feedMember(d, key, f.getValue(), keepKind);
                }
            }
            d.update((byte) '}');
        } else if (node instanceof ArrayNode a) {
            d.update((byte) '[');
            a.forEach(e -> feed(d, e, null));
            d.update((byte) ']');
        } else {
            d.update((byte) (node.isTextual() ? 's' : 'v'));
            text(d, node.asText());
        }
    }

    private static void feedMember(MessageDigest d, String key, JsonNode value, String keepKind) {
        if (keepKind != null && key.equals(keepKind) && value instanceof ObjectNode set) {
            ObjectNode copy = set.deepCopy();
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

    private static JsonNode items(String json) {
        try {
            JsonNode items = JSON.readTree(json).path("nftables");
            if (!items.isArray()) {
                throw new KernelException("no nftables array in nft -j output");
            }
            return items;
        } catch (JsonProcessingException e) {
            throw new KernelException("unparsable nft -j output: " + e.getOriginalMessage());
        }
    }
}
