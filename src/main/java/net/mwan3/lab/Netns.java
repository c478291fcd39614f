package net.mwan3.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import net.mwan3.kernel.CommandResult;
import net.mwan3.kernel.CommandRunner;
import net.mwan3.kernel.KernelException;
import net.mwan3.kernel.ProcessCommandRunner;

/**
 * A set of network namespaces created together and removed together. Names carry a per-process
 * prefix so parallel runs and leftovers of a crashed run never collide; {@link #close()} deletes
 * every namespace it made (veth pairs go with them).
 */
public final class Netns implements AutoCloseable {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private final CommandRunner host = new ProcessCommandRunner();
    private final String prefix;
    private final List<String> created = new ArrayList<>();
    private final List<Process> spawned = new ArrayList<>();
    /** A veth pair still (partly) in the host namespace while {@link #veth} runs; close() removes it. */
    private volatile String pendingVeth;

    private static final java.util.regex.Pattern OURS = java.util.regex.Pattern.compile("m3[a-z]+(\\d+)x\\d+-\\S+");
    private static final java.util.concurrent.atomic.AtomicBoolean SWEPT = new java.util.concurrent.atomic.AtomicBoolean();

    /** {@code tag}: a few lower-case letters naming the user (lab, a test), part of every name. */
    public Netns(String tag) {
        if (!tag.matches("[a-z]+")) {
            throw new IllegalArgumentException("tag must be lower-case letters: " + tag);
        }
        this.prefix = "m3" + tag + ProcessHandle.current().pid() + "x" + SEQ.incrementAndGet() + "-";
        if (SWEPT.compareAndSet(false, true)) {
            sweepOrphans();
        }
    }

    /**
     * Deletes namespaces an earlier run made and could not remove (killed with -9, a test JVM
     * killed by a timeout): ours by name, and the process named in it is gone.
     */
    private void sweepOrphans() {
        CommandResult list = host.run("ip", "netns", "list");
        if (!list.ok()) {
            return;
        }
        for (String line : list.stdout().split("\n")) {
            String name = line.split(" ")[0];
            java.util.regex.Matcher m = OURS.matcher(name);
            if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                host.run("ip", "netns", "del", name);
            }
        }
    }

    /** Whether this process may create namespaces (root with CAP_SYS_ADMIN and iproute2 present). */
    public static boolean available() {
        CommandRunner r = new ProcessCommandRunner();
        String probe = "m3probe" + ProcessHandle.current().pid();
        if (!r.run("ip", "netns", "add", probe).ok()) {
            return false;
        }
        r.run("ip", "netns", "del", probe);
        return true;
    }

    /** Creates namespace {@code name} (prefixed) with loopback up; returns its full name. */
    public String add(String name) {
        String full = prefix + name;
        host.run("ip", "netns", "add", full).orThrow();
        created.add(full);
        exec(full, "ip", "link", "set", "lo", "up");
        return full;
    }

    /** Connects two namespaces with a veth pair and brings both ends up. */
    public void veth(String nsA, String ifA, String nsB, String ifB) {
        // Host-side temporary names carry the pid: two processes building labs at once must not collide.
        String tmp = "m3v" + ProcessHandle.current().pid() % 100000 + "n" + SEQ.incrementAndGet() % 10000;
        pendingVeth = tmp + "a";
        host.run("ip", "link", "add", tmp + "a", "type", "veth", "peer", "name", tmp + "b").orThrow();
        host.run("ip", "link", "set", tmp + "a", "netns", nsA, "name", ifA).orThrow();
        host.run("ip", "link", "set", tmp + "b", "netns", nsB, "name", ifB).orThrow();
        pendingVeth = null;
        exec(nsA, "ip", "link", "set", "dev", ifA, "up");
        exec(nsB, "ip", "link", "set", "dev", ifB, "up");
    }

    /** Runs a command in a namespace and fails loudly if it fails. */
    public String exec(String ns, String... argv) {
        return run(ns, argv).orThrow().stdout();
    }

    /** Runs a command in a namespace and returns what it did, whatever the exit code. */
    public CommandResult run(String ns, String... argv) {
        return ProcessCommandRunner.inNetns(ns).run(List.of(argv), null);
    }

    /**
     * Starts a long-running process in a namespace (a server, a daemon). It is killed by
     * {@link #close()} if still alive; output goes to {@code log} (appended).
     */
    public Process spawn(String ns, java.nio.file.Path log, String... argv) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(argv));
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            spawned.add(p);
            return p;
        } catch (java.io.IOException e) {
            throw new KernelException("cannot start " + full + ": " + e.getMessage());
        }
    }

    /** What every namespace name of this set starts with. */
    public String prefix() {
        return prefix;
    }

    public CommandRunner runner(String ns) {
        return ProcessCommandRunner.inNetns(ns);
    }

    public List<String> names() {
        return List.copyOf(created);
    }

    @Override
    public void close() {
        for (Process p : spawned) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : spawned) {
            try {
                p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        spawned.clear();
        String half = pendingVeth;
        if (half != null) {
            host.run("ip", "link", "del", half);
            host.run("ip", "link", "del", half.substring(0, half.length() - 1) + "b");
            pendingVeth = null;
        }
        List<String> failures = new ArrayList<>();
        for (int i = created.size() - 1; i >= 0; i--) {
            CommandResult r = host.run("ip", "netns", "del", created.get(i));
            if (!r.ok()) {
                failures.add(created.get(i) + ": " + r.stderr().strip());
            }
        }
        created.clear();
        if (!failures.isEmpty()) {
            throw new KernelException("could not delete namespaces: " + failures);
        }
    }
}
