package net.mwan3.kernel;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Hit counters of the user rules, read from chain {@code mwan3_rules}, keyed by the rule name the
 * planner puts in each rule's comment (a rule split over several nft rules adds up).
 */
public final class RuleCounters {
    private static final ObjectMapper JSON = new ObjectMapper();
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
            for (JsonNode item : JSON.readTree(json).path("nftables")) {
                JsonNode rule = item.path("rule");
                if (rule.isMissingNode() || !rule.has("comment")) {
                    continue;
                }
                String key = rule.path("comment").asText() + "/" + familyOf(rule);
                for (JsonNode e : rule.path("expr")) {
                    JsonNode c = e.path("counter");
                    if (!c.isMissingNode()) {
                        long[] sum = out.computeIfAbsent(key, k -> new long[2]);
                        sum[0] += c.path("packets").asLong();
                        sum[1] += c.path("bytes").asLong();
                    }
                }
            }
        } catch (IOException e) {
            throw new KernelException("cannot parse nft counters: " + e.getMessage());
        }
        return out;
    }

    /** ipv4 or ipv6, from the rule's nfproto match or its address matches. */
    private static String familyOf(JsonNode rule) {
        String text = rule.path("expr").toString();
        return text.contains("\"ipv6\"") || text.contains("\"ip6\"") ? "ipv6" : "ipv4";
    }
}
