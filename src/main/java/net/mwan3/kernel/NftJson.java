package net.mwan3.kernel;

import java.util.ArrayList;
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
 * fingerprint that changes exactly when someone else changed our table. The fingerprint drops
 * what moves without anyone editing (handles, counters, the version header) and the elements of
 * KEEP sets, which others fill on purpose.
 */
public final class NftJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NftJson() {
    }

    public static NftInventory inventory(String json) {
        Map<String, String> chains = new TreeMap<>();
        Map<String, NftInventory.SetShape> sets = new TreeMap<>();
        for (JsonNode item : items(json)) {
            if (item.has("chain")) {
                JsonNode c = item.get("chain");
                chains.put(c.path("name").asText(), c.has("hook") ? c.path("type").asText() + " "
                        + c.path("hook").asText() + " " + c.path("prio").asInt() + " "
                        + c.path("policy").asText("accept") : "");
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
        return new NftInventory(true, chains, sets);
    }

    private static String type(JsonNode t) {
        if (!t.isArray()) {
            return t.asText();
        }
        List<String> parts = new ArrayList<>();
        t.forEach(p -> parts.add(p.asText()));
        return String.join(" . ", parts);
    }

    /** The listing without handles, counter values, metainfo and the elements of {@code keepSets}. */
    public static String fingerprint(String json, Set<String> keepSets) {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode item : items(json)) {
            if (item.has("metainfo")) {
                continue;
            }
            JsonNode copy = item.deepCopy();
            strip(copy);
            for (String kind : List.of("set", "map")) {
                if (copy.has(kind) && keepSets.contains(copy.get(kind).path("name").asText())) {
                    ((ObjectNode) copy.get(kind)).remove("elem");
                }
            }
            out.add(copy);
        }
        return out.toString();
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.remove("handle");
            if (o.get("counter") instanceof ObjectNode) {
                o.putObject("counter");
            }
            for (Iterator<JsonNode> it = o.elements(); it.hasNext();) {
                strip(it.next());
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(NftJson::strip);
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
