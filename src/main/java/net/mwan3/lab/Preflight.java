package net.mwan3.lab;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether this machine can run the lab at all, checked before anything is built: root, and every
 * tool the lab and the daemon it runs will call, each named with the Debian package that has it, so
 * a newcomer on a minimal Debian gets one line to act on instead of a failure a minute in.
 */
final class Preflight {
    /** A program and the Debian package providing it. */
    record Tool(String program, String debianPackage, String usedFor) {
    }

    static final List<Tool> TOOLS = List.of(
            new Tool("ip", "iproute2", "namespaces, links, rules and routes"),
            new Tool("tc", "iproute2", "the lab's loss and delay faults"),
            new Tool("nft", "nftables", "mwan3d's table"),
            new Tool("conntrack", "conntrack", "the tests' conntrack entries"),
            new Tool("sysctl", "procps", "forwarding in the lab's namespaces"),
            new Tool("setsid", "util-linux", "mwan3d's user script, in a session of its own"),
            new Tool("ping", "iputils-ping", "the bonded scene's ping"),
            new Tool("iperf3", "iperf3", "throughput through the tunnel (tests)"),
            new Tool("wireguard-go", "wireguard-go", "the bonded scene's WireGuard"),
            new Tool("wg", "wireguard-tools", "the bonded scene's WireGuard"));
    private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    private Preflight() {
    }

    /** One line saying what is missing, or null when the lab can run. */
    static String problem() {
        if (!root()) {
            return "needs root (network namespaces): run it with sudo";
        }
        return missing(TOOLS);
    }

    /** The missing tools with their packages and the command that installs them, or null. */
    static String missing(List<Tool> tools) {
        List<String> names = new ArrayList<>();
        Set<String> packages = new LinkedHashSet<>();
        for (Tool t : tools) {
            if (find(t.program()) == null) {
                names.add(t.program() + " (" + t.debianPackage() + ")");
                packages.add(t.debianPackage());
            }
        }
        if (names.isEmpty()) {
            return null;
        }
        return "missing " + String.join(", ", names) + "; on Debian: apt-get install -y " + String.join(" ", packages);
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
