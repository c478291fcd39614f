package net.mwan3.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which commands one JVM starts: {@code strace -ff -ttt -e trace=process} attached to every thread,
 * one file per task. A thread the JVM creates ({@code CLONE_THREAD}) is followed as part of it; any
 * other child is a process it started, and its command is its first successful exec that is not
 * Java's launcher ({@code jspawnhelper}; with {@code -Djdk.lang.Process.launchMechanism=VFORK}
 * there is none). What a command starts in turn is not counted. The alert script
 * ({@code /bin/sh .../mwan3.user}) is named {@link #ALERT_SCRIPT}.
 */
public final class ExecTrace implements AutoCloseable {
    /** The user's hook, which mwan3 runs on events by design. */
    public static final String ALERT_SCRIPT = "mwan3.user";
    private static final Pattern LINE = Pattern.compile("^(\\d+\\.\\d+) (.*)$");
    private static final Pattern SPAWN = Pattern.compile("^(clone3?|fork|vfork)\\((.*)\\) += (\\d+)$");
    private static final Pattern EXEC = Pattern.compile("^execve\\(\"([^\"]+)\", (.*) = 0$");
    private final Path dir;
    private final List<String> initial;
    private final Process strace;

    /** One command started: when (epoch seconds) and its name. */
    public record Command(double at, String name) {
    }

    private ExecTrace(long pid, Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        List<String> argv = new ArrayList<>(List.of("strace", "-ff", "-ttt", "-qq", "-s", "512", "-e", "trace=process",
                "-e", "signal=none", "-o", dir.resolve("t").toString()));
        List<Path> tasks;
        try (var s = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks = s.toList();
        }
        this.initial = tasks.stream().map(t -> t.getFileName().toString()).toList();
        initial.forEach(t -> argv.addAll(List.of("-p", t)));
        try {
            this.strace = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("counting processes needs strace (Debian: apt-get install -y strace): "
                    + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Path t : tasks) {
            while (!traced(t)) {
                if (!strace.isAlive() || System.nanoTime() > deadline) {
                    strace.destroy();
                    throw new IllegalStateException("strace did not attach to " + t);
                }
                pause(20);
            }
        }
    }

    /** Traces the one JVM running in network namespace {@code ns} (the daemon of a lab router). */
    public static ExecTrace ofJvmIn(String ns, Path dir) throws IOException {
        Process p = new ProcessBuilder("ip", "netns", "pids", ns).redirectErrorStream(true).start();
        List<Long> jvms = new ArrayList<>();
        for (String line : new String(p.getInputStream().readAllBytes()).split("\n")) {
            if (!line.isBlank() && "java".equals(comm(line.strip()))) {
                jvms.add(Long.parseLong(line.strip()));
            }
        }
        if (jvms.size() != 1) {
            throw new IllegalStateException("expected one JVM in " + ns + ", found " + jvms);
        }
        return new ExecTrace(jvms.get(0), dir);
    }

    /** Now, on the clock strace stamps lines with. */
    public static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    /** Every command the JVM started so far, in order. */
    public List<Command> commands() {
        List<Command> out = new ArrayList<>();
        Set<String> threads = new HashSet<>(initial);
        Deque<String> todo = new ArrayDeque<>(initial);
        while (!todo.isEmpty()) {
            for (String line : lines(todo.pop())) {
                Matcher l = LINE.matcher(line);
                Matcher s = l.matches() ? SPAWN.matcher(l.group(2)) : null;
                if (s == null || !s.matches()) {
                    continue;
                }
                String child = s.group(3);
                if (s.group(2).contains("CLONE_THREAD")) {
                    if (threads.add(child)) {
                        todo.add(child);
                    }
                } else {
                    Command c = command(child);
                    if (c != null) {
                        out.add(c);
                    }
                }
            }
        }
        out.sort(java.util.Comparator.comparingDouble(Command::at));
        return out;
    }

    /** Commands started in [from, to) (epoch seconds, {@link #now}), counted by name. */
    public Map<String, Integer> count(double from, double to) {
        Map<String, Integer> out = new TreeMap<>();
        commands().stream().filter(c -> c.at() >= from && c.at() < to).forEach(c -> out.merge(c.name(), 1, Integer::sum));
        return out;
    }

    /** The first exec of a child process that is not jspawnhelper, or null (it has not exec'd yet). */
    private Command command(String pid) {
        for (String line : lines(pid)) {
            Matcher l = LINE.matcher(line);
            Matcher e = l.matches() ? EXEC.matcher(l.group(2)) : null;
            if (e == null || !e.matches()) {
                continue;
            }
            String binary = Path.of(e.group(1)).getFileName().toString();
            if (binary.equals("jspawnhelper")) {
                continue;
            }
            return new Command(Double.parseDouble(l.group(1)), e.group(2).contains("/" + ALERT_SCRIPT + "\"")
                    ? ALERT_SCRIPT : binary);
        }
        return null;
    }

    private List<String> lines(String pid) {
        Path f = dir.resolve("t." + pid);
        try {
            return Files.exists(f) ? Files.readAllLines(f) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String comm(String pid) {
        try {
            return Files.readString(Path.of("/proc", pid, "comm")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean traced(Path task) {
        try {
            return Files.readAllLines(task.resolve("status")).stream()
                    .anyMatch(l -> l.startsWith("TracerPid:") && !l.endsWith("\t0"));
        } catch (IOException e) {
            return true; // the thread ended
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        strace.destroy();
        try {
            strace.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
