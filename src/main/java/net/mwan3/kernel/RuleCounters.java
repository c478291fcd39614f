package net.mwan3.kernel;

import java.util.LinkedHashMap;
import java.util.Map;

import net.mwan3.json.Json;
import net.mwan3.json.JsonFormatException;
import net.mwan3.json.JsonValue;

/**
 * Hit counters of the user rules, read from chain {@code mwan3_rules}, keyed by the rule name the
 * planner puts in each rule's comment (a rule split over several nft rules adds up).
 */
public final class RuleCounters {
    private final Nft nft;

    public RuleCounters(Nft nft) {
        this.nft = nft;
    }

    /** Rule name → {packets, bytes}; empty when the chain does not exist. */
    public Map<String, long[]> read() {
        CommandResult r = nft.list(true, "chain", "inet", "mwan3", "mwan3_rules");
        return r.ok() ? parse(r.stdout()) : Map.of();
    }

    static Map<String, long[]> parse(String json) {
        Map<String, long[]> out = new LinkedHashMap<>();
        try {
            for (JsonValue item : Json.parse(json).get("nftables").elements()) {
                JsonValue rule = item.get("rule");
                if (!rule.has("comment")) {
                    continue;
                }
                String key = rule.get("comment").asText() + "/" + familyOf(rule);
                for (JsonValue e : rule.get("expr").elements()) {
                    if (e.has("counter")) {
                        JsonValue c = e.get("counter");
                        long[] sum = out.computeIfAbsent(key, k -> new long[2]);
                        sum[0] += c.get("packets").asLong(0);
                        sum[1] += c.get("bytes").asLong(0);
                    }
                }
            }
        } catch (JsonFormatException e) {
            throw new KernelException("cannot parse nft counters: " + e.getMessage());
        }
        return out;
    }

    /** ipv4 or ipv6, from the rule's nfproto match or its address matches. */
    private static String familyOf(JsonValue rule) {
        String text = Json.write(rule.get("expr"));
        return text.contains("\"ipv6\"") || text.contains("\"ip6\"") ? "ipv6" : "ipv4";
    }
}
