package net.mwan3.alert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import net.mwan3.sys.LibC;

/**
 * Runs {@code /etc/mwan3.user} as mwan3's 16-mwan3-user hotplug does: a clean environment holding
 * only {@code ACTION}, {@code INTERFACE}, {@code DEVICE} (and {@code FIRSTCONNECT=1} where set), for
 * ifup, ifdown, connecting, connected, disconnecting and disconnected. It runs as root, so it is
 * refused (logged and counted; nothing else changes) unless it and its directory belong to root
 * (or the daemon's user) and nobody else may write them.
 *
 * <p>Each interface has its own lane: its calls run one at a time in event order, on a thread of
 * their own, so a call hanging for one interface delays no other interface's calls. A lane holds at
 * most three waiting calls, because a new call makes stale what it supersedes: {@code ifdown}
 * supersedes every waiting call of the interface; {@code ifup} and each tracking call ({@code
 * connecting}, {@code connected}, {@code disconnecting}, {@code disconnected}) supersede the
 * waiting tracking calls. So what waits is at most an {@code ifdown}, an {@code ifup} and the latest
 * tracking state, and the script always hears the interface's current state and every time it went
 * down. Each call has a time limit; the script runs in a session of its own (setsid), and on
 * timeout its whole process group is killed, children that double-forked included.
 */
public final class UserScript implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(UserScript.class.getName());
    /** How each call ended, for the metrics: ran, failed (non-zero exit), timeout, refused, superseded. */
    public interface Outcomes {
        void count(String iface, String outcome);
    }

    private record Call(String action, String iface, String device, boolean firstConnect) {
        boolean link() {
            return action.equals("ifup") || action.equals("ifdown");
        }
    }

    /** One interface's waiting calls; {@code running} while a thread drains them. Guarded by itself. */
    private static final class Lane {
        final Deque<Call> waiting = new ArrayDeque<>();
        boolean running;
        /** The call's process while one runs, so close() can end it. */
        Process process;
    }

    private final Path script;
    private final Duration timeout;
    private final Outcomes outcomes;
    private final Path setsid;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mwan3-user-script");
        t.setDaemon(true);
        return t;
    });

    public UserScript(Path script, Duration timeout, Outcomes outcomes) {
        this.script = script;
        this.timeout = timeout;
        this.outcomes = outcomes;
        this.setsid = find("setsid");
        if (setsid == null) {
            LOG.warning("setsid not found (util-linux, or busybox's applet): a user script's children that leave"
                    + " its process tree may outlive its time limit");
        }
    }

    /** Queues one call on the interface's lane; returns at once. */
    public void fire(String action, String iface, String device, boolean firstConnect) {
        Call call = new Call(action, iface, device, firstConnect);
        Lane lane = lanes.computeIfAbsent(iface, k -> new Lane());
        List<Call> superseded;
        boolean start;
        synchronized (lane) {
            superseded = supersede(lane.waiting, call);
            lane.waiting.addLast(call);
            start = !lane.running;
            lane.running = true;
        }
        superseded.forEach(c -> outcomes.count(c.iface(), "superseded"));
        if (start) {
            threads.execute(() -> drain(lane));
        }
    }

    /** Removes from {@code waiting} what {@code next} makes stale (see the class comment); returns it. */
    private static List<Call> supersede(Deque<Call> waiting, Call next) {
        List<Call> out = new ArrayList<>();
        if (next.action().equals("ifdown")) {
            out.addAll(waiting);
            waiting.clear();
            return out;
        }
        while (!waiting.isEmpty() && !waiting.peekLast().link()) {
            out.add(0, waiting.pollLast());
        }
        return out;
    }

    private void drain(Lane lane) {
        while (true) {
            Call c;
            synchronized (lane) {
                c = lane.waiting.pollFirst();
                if (c == null) {
                    lane.running = false;
                    return;
                }
            }
            try {
                String outcome = run(c, lane);
                if (outcome != null) {
                    outcomes.count(c.iface(), outcome);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "user script call failed: {0}", e.toString());
            }
        }
    }

    private String run(Call c, Lane lane) {
        if (!Files.isRegularFile(script)) {
            return null; // no script: nothing to run, nothing to count
        }
        String unsafe = unsafe(script);
        if (unsafe != null) {
            LOG.log(Level.WARNING, "{0} {1} {2}: refused: {3}", new Object[] {script, c.action(), c.iface(), unsafe});
            return "refused";
        }
        List<String> argv = new ArrayList<>();
        if (setsid != null) {
            argv.add(setsid.toString());
        }
        argv.addAll(List.of("/bin/sh", script.toString()));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("ACTION", c.action());
        env.put("INTERFACE", c.iface());
        env.put("DEVICE", c.device() == null ? "" : c.device());
        if (c.firstConnect()) {
            env.put("FIRSTCONNECT", "1");
        }
        try {
            Process p = pb.start();
            synchronized (lane) {
                lane.process = p;
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                LOG.log(Level.WARNING, "{0} {1} {2}: killed after {3} s", new Object[] {script, c.action(), c.iface(),
                        timeout.toMillis() / 1000.0});
                return "timeout";
            }
            if (p.exitValue() != 0) {
                LOG.log(Level.WARNING, "{0} {1} {2}: exit {3}", new Object[] {script, c.action(), c.iface(), p.exitValue()});
                return "failed";
            }
            return "ran";
        } catch (IOException e) {
            LOG.log(Level.WARNING, "{0}: cannot run: {1}", new Object[] {script, e.getMessage()});
            return "failed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "failed";
        } finally {
            synchronized (lane) {
                lane.process = null;
            }
        }
    }

    /** The script's process group (its session, under setsid), else the process and its descendants. */
    private void kill(Process p) throws InterruptedException {
        if (setsid != null && LibC.INSTANCE.kill((int) -p.pid(), LibC.SIGKILL) != 0) {
            LOG.log(Level.WARNING, "kill of process group {0}: {1}", new Object[] {p.pid(), LibC.lastError()});
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
    }

    /**
     * Why running {@code file} as root would be unsafe, or null: it (after symbolic links) and its
     * directory must belong to root or the daemon's user, and be writable by nobody else (a sticky
     * directory, like /tmp, protects its files from other users).
     */
    static String unsafe(Path file) {
        try {
            Path real = file.toRealPath();
            UserPrincipal root = real.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("root");
            UserPrincipal self = real.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
            for (Path p : new Path[] {real, real.getParent()}) {
                if (p == null) {
                    continue;
                }
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
                if (!a.owner().equals(root) && !a.owner().equals(self)) {
                    return p + " belongs to " + a.owner().getName() + ", not root";
                }
                boolean sticky = p != real && (Files.getAttribute(p, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        instanceof Integer mode) && (mode & 01000) != 0;
                if (!sticky && (a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                        || a.permissions().contains(PosixFilePermission.OTHERS_WRITE))) {
                    return p + " is writable by group or others";
                }
            }
            return null;
        } catch (IOException e) {
            return "cannot check its owner: " + e.getMessage();
        }
    }

    static Path find(String tool) {
        for (String d : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/bin:/usr/sbin:/sbin").split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, tool);
            if (!d.isEmpty() && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Stops taking calls and ends the running ones with their process groups: they would outlive mwan3d. */
    @Override
    public void close() {
        threads.shutdown();
        for (Lane lane : lanes.values()) {
            Process p;
            synchronized (lane) {
                lane.waiting.clear();
                p = lane.process;
            }
            if (p != null && p.isAlive()) {
                try {
                    kill(p);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
