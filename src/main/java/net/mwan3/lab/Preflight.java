package net.mwan3.lab;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Whether this machine can run the lab at all: root, and the tools the lab and the daemon call. */
final class Preflight {
    private static final List<String> TOOLS = List.of("ip", "nft");
    private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    private Preflight() {
    }

    /** One line saying what is missing, or null when the lab can run. */
    static String problem() {
        if (!root()) {
            return "needs root (network namespaces): run it with sudo";
        }
        List<String> missing = new ArrayList<>();
        for (String tool : TOOLS) {
            if (find(tool) == null) {
                missing.add(tool);
            }
        }
        if (!missing.isEmpty()) {
            return "missing " + String.join(", ", missing)
                    + " (install iproute2 and nftables, e.g. apt-get install -y iproute2 nftables conntrack)";
        }
        return null;
    }

    /** Effective uid 0, read from /proc (no native call needed). */
    static boolean root() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    static Path find(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(SBIN);
        for (String d : dirs) {
            Path p = Path.of(d.isEmpty() ? "." : d, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
