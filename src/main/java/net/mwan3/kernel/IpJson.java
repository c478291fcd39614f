package net.mwan3.kernel;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.mwan3.model.Family;
import net.mwan3.plan.IpRule;
import net.mwan3.plan.Route;

/**
 * Pure parser of iproute2's JSON ({@code ip -j rule}, {@code ip -j route show table all}) into the
 * plan records. iproute2 omits defaults (protocol boot, scope global, metric 0 on IPv4, the table
 * of main), so absent fields stay null and {@link RouteKey} fills them in for comparison.
 */
public final class IpJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> RULE_FIELDS =
            Set.of("priority", "src", "iif", "iif_detached", "fwmark", "fwmask", "table", "action", "flags");

    private IpJson() {
    }

    public static List<ParsedRule> rules(Family family, String json) {
        List<ParsedRule> out = new ArrayList<>();
        for (JsonNode n : array(json)) {
            out.add(new ParsedRule(family, n.path("priority").asInt(), rule(family, n), n.toString()));
        }
        return out;
    }

    private static IpRule rule(Family family, JsonNode n) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            if (!RULE_FIELDS.contains(it.next())) {
                return null;
            }
        }
        boolean hasIif = n.has("iif");
        boolean hasMark = n.has("fwmark");
        if (!"all".equals(n.path("src").asText()) || hasIif == hasMark) {
            return null;
        }
        IpRule.Action action = action(n.path("action").asText("lookup"));
        Integer table = n.has("table") ? table(n.get("table").asText()) : null;
        if (action == null || (action == IpRule.Action.LOOKUP) != (table != null)) {
            return null;
        }
        int pref = n.path("priority").asInt();
        if (hasIif) {
            return action == IpRule.Action.LOOKUP ? IpRule.iif(family, pref, n.get("iif").asText(), table) : null;
        }
        long mark = Long.decode(n.get("fwmark").asText());
        long mask = n.has("fwmask") ? Long.decode(n.get("fwmask").asText()) : 0xffffffffL;
        return IpRule.fwmark(family, pref, mark, mask, action, table == null ? 0 : table);
    }

    private static IpRule.Action action(String s) {
        return switch (s) {
            case "lookup" -> IpRule.Action.LOOKUP;
            case "unreachable" -> IpRule.Action.UNREACHABLE;
            case "blackhole" -> IpRule.Action.BLACKHOLE;
            default -> null;
        };
    }

    /** A table as iproute2 names it: number, or main/local/default; null for other names. */
    static Integer table(String s) {
        switch (s) {
            case "main":
                return Route.MAIN;
            case "local":
                return Route.LOCAL;
            case "default":
                return 253;
            default:
                try {
                    return Integer.valueOf(s);
                } catch (NumberFormatException e) {
                    return null;
                }
        }
    }

    /**
     * Routes of {@code ip -j route show table ...}; a route without a {@code table} field is in
     * {@code defaultTable} (main for {@code table all}). Routes in tables with unknown names are dropped.
     */
    public static List<Route> routes(Family family, String json, int defaultTable) {
        List<Route> out = new ArrayList<>();
        for (JsonNode n : array(json)) {
            Integer table = n.has("table") ? table(n.get("table").asText()) : Integer.valueOf(defaultTable);
            if (table == null) {
                continue;
            }
            out.add(new Route(family, table, n.path("type").asText("unicast"), text(n, "dst"), text(n, "gateway"),
                    text(n, "dev"), text(n, "protocol"), text(n, "scope"), text(n, "prefsrc"),
                    n.has("metric") ? Integer.valueOf(n.get("metric").asInt()) : null));
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static JsonNode array(String json) {
        try {
            JsonNode root = JSON.readTree(json.isBlank() ? "[]" : json);
            if (!root.isArray()) {
                throw new KernelException("expected a JSON array from ip -j, got: " + abbreviate(json));
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new KernelException("unparsable ip -j output (" + e.getOriginalMessage() + "): " + abbreviate(json));
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
