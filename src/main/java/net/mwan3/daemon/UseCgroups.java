package net.mwan3.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;

import net.mwan3.plan.PlanInput;

/**
 * The cgroups behind {@code mwan3 use <iface> <cmd>}: one per interface under the cgroup v2 root
 * ({@code /sys/fs/cgroup/mwan3/use_<iface>}); table {@code inet mwan3} gives sockets of processes in
 * it the interface's mark. nftables resolves {@code socket cgroupv2} paths under /sys/fs/cgroup only,
 * so on hosts where that is not a cgroup v2 mount (hybrid hierarchies) {@code use} is unavailable.
 */
class UseCgroups {
    private static final Logger LOG = Logger.getLogger("mwan3d");
    static final Path ROOT = Path.of("/sys/fs/cgroup");
    private final Path root;
    private final boolean available;

    UseCgroups(Path root) {
        this.root = root;
        this.available = Files.exists(root.resolve("cgroup.controllers"));
        if (!available) {
            LOG.info(() -> "mwan3 use: unavailable (" + root + " is not a cgroup v2 mount)");
        }
    }

    /** A stand-in for tests and hosts without cgroup v2. */
    static UseCgroups none() {
        return new UseCgroups(Path.of("/nonexistent-cgroup-root"));
    }

    /** Makes sure each interface has its cgroup; returns the names that have one. */
    Set<String> ensure(Collection<String> ifaces) {
        Set<String> out = new TreeSet<>();
        if (!available) {
            return out;
        }
        for (String iface : ifaces) {
            Path dir = path(iface);
            try {
                Files.createDirectories(dir);
                out.add(iface);
            } catch (IOException e) {
                LOG.warning("mwan3 use: cannot create " + dir + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** The absolute cgroup directory of {@code iface}, or null when unavailable. */
    Path path(String iface) {
        return available ? root.resolve(PlanInput.useCgroup(iface)) : null;
    }

    /** Removes the empty cgroups on stop; a cgroup still holding a process stays. */
    void removeAll(Collection<String> ifaces) {
        if (!available) {
            return;
        }
        for (String iface : ifaces) {
            try {
                Files.deleteIfExists(path(iface));
            } catch (IOException e) {
                LOG.fine(() -> "leaving " + path(iface) + ": " + e.getMessage());
            }
        }
        try {
            Files.deleteIfExists(root.resolve("mwan3"));
        } catch (IOException e) {
            LOG.fine(() -> "leaving " + root.resolve("mwan3") + ": " + e.getMessage());
        }
    }
}
