package net.mwan3.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code strace -f -e trace=execve} attached to every thread of one JVM: which commands it starts.
 * Java starts a command as its launcher ({@code jspawnhelper}) that then execs the command in the
 * same process, so a command is the first successful exec after jspawnhelper in a pid; what that
 * command starts in turn is not counted, and the misses of a PATH search are not execs. The
 * alert script ({@code /bin/sh .../mwan3.user}) is named {@link #ALERT_SCRIPT}.
 */
public final class ExecTrace implements AutoCloseable {
    /** The user's hook, which mwan3 runs on events by design. */
    public static final String ALERT_SCRIPT = "mwan3.user";
    private static final Pattern EXEC = Pattern.compile("^(\\d+) +execve\\(\"([^\"]+)\"");
    private final Path file;
    private final Process strace;

    private ExecTrace(long pid, Path file) throws IOException {
        this.file = file;
        List<String> argv = new ArrayList<>(List.of("strace", "-f", "-qq", "-s", "512", "-e", "trace=execve", "-e",
                "signal=none", "-o", file.toString()));
        List<Path> tasks;
        try (var s = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks = s.toList();
        }
        tasks.forEach(t -> argv.addAll(List.of("-p", t.getFileName().toString())));
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
                    throw new IllegalStateException("strace did not attach to " + t + " (is strace installed?)");
                }
                pause(20);
            }
        }
    }

    /** Traces the one JVM running in network namespace {@code ns} (the daemon of a lab router). */
    public static ExecTrace ofJvmIn(String ns, Path file) throws IOException {
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
        return new ExecTrace(jvms.get(0), file);
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

    /** Lines traced so far: a mark to count from. */
    public int lines() {
        return all().size();
    }

    /** The raw trace lines in [from, to), for a failure message. */
    public String text(int from, int to) {
        List<String> all = all();
        return String.join("\n", all.subList(Math.min(from, all.size()), Math.min(to, all.size())));
    }

    /** Commands started in trace lines [from, to), by name. */
    public Map<String, Integer> commands(int from, int to) {
        List<String> all = all();
        Map<String, Integer> out = new TreeMap<>();
        Map<String, String> lastExec = new HashMap<>();
        for (int i = 0; i < Math.min(to, all.size()); i++) {
            String line = all.get(i);
            Matcher m = EXEC.matcher(line);
            if (!m.find() || !line.endsWith("= 0")) {
                continue;
            }
            String binary = line.contains("/" + ALERT_SCRIPT + "\"") ? ALERT_SCRIPT
                    : Path.of(m.group(2)).getFileName().toString();
            String previous = lastExec.put(m.group(1), binary);
            if (i >= from && "jspawnhelper".equals(previous)) {
                out.merge(binary, 1, Integer::sum);
            }
        }
        return out;
    }

    private List<String> all() {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
