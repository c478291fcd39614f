package net.mwan3.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.mwan3.kernel.CommandResult;
import net.mwan3.kernel.CommandRunner;
import net.mwan3.kernel.Nft;
import net.mwan3.model.MarkMask;

/**
 * {@code mwan3 internal [ipv4|ipv6]}: what a person debugs with, in mwan3's troubleshooting layout
 * (sections of a title, 49 dashes and the output, {@code No data found} for an empty one; LuCI's
 * Troubleshooting page shows it raw): the addresses, routes and ip rules, every routing table 1–250,
 * table {@code inet mwan3} in place of the iptables mangle listing, conntrack entries counted by
 * interface mark, and the daemon's own view (where "up" comes from, device, source, tracker).
 */
final class KernelDump {
    private static final String RULE = "-".repeat(49) + "\n";
    private static final Pattern TABLE = Pattern.compile(" table (\\d+)\\b");
    private static final Pattern MARK = Pattern.compile("\\bmark=(\\d+)");
    private final CommandRunner runner;
    private final Nft nft;
    private final Path release;

    KernelDump(CommandRunner runner, Nft nft) {
        this(runner, nft, Path.of("/etc/openwrt_release"));
    }

    KernelDump(CommandRunner runner, Nft nft, Path release) {
        this.runner = runner;
        this.nft = nft;
        this.release = release;
    }

    /**
     * The daemon's side of the dump, taken on its main thread: the view text, and which interface
     * each mark value means.
     */
    record View(String text, MarkMask mask, Map<Long, String> marks) {
    }

    String render(String family, View view) {
        String f = family.equals("ipv6") ? "-6" : "-4";
        StringBuilder sb = new StringBuilder();
        section(sb, "Software-Version", version());
        section(sb, "Output of \"ip " + f + " a show\"", out("ip", f, "addr", "show"));
        section(sb, "Output of \"ip " + f + " route show\"", out("ip", f, "route", "show"));
        section(sb, "Output of \"ip " + f + " rule show\"", out("ip", f, "rule", "show"));
        section(sb, "Output of \"ip " + f + " route list table 1-250\"", tables(f));
        section(sb, "Output of \"nft list table inet mwan3\"", ok(nft.list(false, "table", "inet", "mwan3")));
        section(sb, "Connection tracking entries (" + family + ") by interface mark (mask "
                + MarkMask.hex(view.mask().mask()) + ")", conntrack(family, view));
        section(sb, "mwan3d's view", view.text());
        return sb.toString();
    }

    private String version() {
        String os = null;
        try {
            if (Files.isRegularFile(release)) {
                for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
                    if (line.startsWith("DISTRIB_RELEASE=")) {
                        os = "OpenWrt - " + line.substring(16).replace("'", "").replace("\"", "");
                    }
                }
            }
        } catch (IOException e) {
            os = "OpenWrt - unknown";
        }
        if (os == null) {
            os = out("uname", "-sr").strip();
        }
        return os + "\nmwan3 for the JVM (mwan3d)\nnftables: " + nft.describe() + "\n";
    }

    /** Every non-empty numbered table from one listing of all routes (mwan3 runs ip 250 times). */
    private String tables(String f) {
        Map<Integer, StringBuilder> byTable = new TreeMap<>();
        for (String line : out("ip", f, "route", "show", "table", "all").split("\n")) {
            Matcher m = TABLE.matcher(line);
            if (!m.find()) {
                continue;
            }
            int t = Integer.parseInt(m.group(1));
            if (t >= 1 && t <= 250) {
                byTable.computeIfAbsent(t, k -> new StringBuilder()).append(line, 0, m.start())
                        .append(line.substring(m.end())).append('\n');
            }
        }
        StringBuilder sb = new StringBuilder();
        byTable.forEach((t, routes) -> sb.append("Routing table ").append(t).append(":\n").append(routes).append('\n'));
        return sb.toString();
    }

    /** Entries of the family per interface mark, then unmarked and other marks (one {@code conntrack -L}). */
    private String conntrack(String family, View view) {
        CommandResult r = runner.run(List.of("conntrack", "-L", "-f", family), null);
        if (!r.ok() && r.stdout().isEmpty()) {
            return "(conntrack -L failed: " + r.stderr().strip() + ")\n";
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        view.marks().values().forEach(n -> counts.put(n, 0));
        int unmarked = 0;
        int other = 0;
        for (String line : r.stdout().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m = MARK.matcher(line);
            long mark = m.find() ? Long.parseLong(m.group(1)) & view.mask().mask() : 0;
            String iface = view.marks().get(mark);
            if (iface != null) {
                counts.merge(iface, 1, Integer::sum);
            } else if (mark == 0) {
                unmarked++;
            } else {
                other++;
            }
        }
        StringBuilder sb = new StringBuilder();
        view.marks().forEach((mark, name) -> sb.append(name).append(" (mark ").append(MarkMask.hex(mark)).append("): ")
                .append(counts.get(name)).append('\n'));
        return sb.append("unmarked: ").append(unmarked).append('\n').append("other marks: ").append(other).append('\n')
                .toString();
    }

    private String out(String... argv) {
        return ok(runner.run(List.of(argv), null));
    }

    private static String ok(CommandResult r) {
        return r.ok() ? r.stdout() : "";
    }

    private static void section(StringBuilder sb, String title, String body) {
        sb.append(title).append('\n').append(RULE);
        sb.append(body.isBlank() ? "No data found\n" : body.endsWith("\n") ? body : body + "\n");
        sb.append('\n');
    }
}
