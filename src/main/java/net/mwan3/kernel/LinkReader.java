package net.mwan3.kernel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.mwan3.model.LinkInfo;

/** Reads every device with its flags and global addresses ({@code ip -j addr show}). */
public final class LinkReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final CommandRunner runner;

    public LinkReader(CommandRunner runner) {
        this.runner = runner;
    }

    public Map<String, LinkInfo> read() {
        return parse(runner.run("ip", "-j", "addr", "show").orThrow().stdout());
    }

    /** Parses {@code ip -j addr show}; tentative and link-local addresses do not count. */
    public static Map<String, LinkInfo> parse(String json) {
        Map<String, LinkInfo> out = new LinkedHashMap<>();
        try {
            for (JsonNode link : JSON.readTree(json)) {
                List<String> flags = new ArrayList<>();
                link.path("flags").forEach(f -> flags.add(f.asText()));
                List<String> v4 = new ArrayList<>();
                List<String> v6 = new ArrayList<>();
                for (JsonNode a : link.path("addr_info")) {
                    boolean usable = !"link".equals(a.path("scope").asText()) && !"host".equals(a.path("scope").asText())
                            && !a.path("tentative").asBoolean(false) && !a.path("dadfailed").asBoolean(false);
                    if (!usable) {
                        continue;
                    }
                    String family = a.path("family").asText();
                    if (family.equals("inet")) {
                        v4.add(a.path("local").asText());
                    } else if (family.equals("inet6")) {
                        v6.add(a.path("local").asText());
                    }
                }
                String name = link.path("ifname").asText();
                out.put(name, new LinkInfo(name, flags.contains("UP"), flags.contains("LOWER_UP"), v4, v6));
            }
        } catch (IOException e) {
            throw new KernelException("cannot parse 'ip -j addr show': " + e.getMessage());
        }
        return out;
    }
}
