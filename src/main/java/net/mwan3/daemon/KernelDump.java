package net.mwan3.daemon;

import java.util.List;

import net.mwan3.kernel.CommandResult;
import net.mwan3.kernel.CommandRunner;
import net.mwan3.kernel.Nft;

/**
 * {@code mwan3 internal [ipv4|ipv6]}: what is programmed, in mwan3's troubleshooting layout —
 * sections separated by 49 dashes, {@code No data found} for an empty one — with table
 * {@code inet mwan3} in place of the iptables mangle listing.
 */
final class KernelDump {
    private static final String RULE = "-".repeat(49) + "\n";
    private final CommandRunner runner;
    private final Nft nft;

    KernelDump(CommandRunner runner, Nft nft) {
        this.runner = runner;
        this.nft = nft;
    }

    String render(String family) {
        String f = family.equals("ipv6") ? "-6" : "-4";
        StringBuilder sb = new StringBuilder();
        section(sb, "Software-Version", new CommandResult(List.of("version"), 0, "mwan3 for the JVM\n"
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + "\nnftables: "
                + nft.describe() + "\n", ""));
        section(sb, "Output of \"ip " + f + " a show\"", List.of("ip", f, "addr", "show"));
        section(sb, "Output of \"ip " + f + " route show\"", List.of("ip", f, "route", "show"));
        section(sb, "Output of \"ip " + f + " rule show\"", List.of("ip", f, "rule", "show"));
        sb.append("Output of \"ip ").append(f).append(" route list table 1-250\"\n");
        boolean any = false;
        for (int t = 1; t <= 250; t++) {
            CommandResult r = runner.run("ip", f, "route", "list", "table", Integer.toString(t));
            if (r.ok() && !r.stdout().isBlank()) {
                sb.append("Routing table ").append(t).append(":\n").append(r.stdout());
                any = true;
            }
        }
        sb.append(any ? "" : "No data found\n").append(RULE);
        section(sb, "Output of \"nft list table inet mwan3\"", nft.list(false, "table", "inet", "mwan3"));
        return sb.toString();
    }

    private void section(StringBuilder sb, String title, List<String> argv) {
        section(sb, title, runner.run(argv, null));
    }

    private static void section(StringBuilder sb, String title, CommandResult r) {
        sb.append(title).append('\n');
        sb.append(r.ok() && !r.stdout().isBlank() ? r.stdout() : "No data found\n");
        sb.append(RULE);
    }
}
