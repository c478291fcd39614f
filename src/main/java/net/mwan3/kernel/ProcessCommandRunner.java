package net.mwan3.kernel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands as child processes, optionally inside a network namespace ({@code ip netns exec}).
 * A command that outlives {@code timeoutSeconds} is killed and reported as exit code 124, like
 * coreutils' {@code timeout}.
 */
public final class ProcessCommandRunner implements CommandRunner {
    private final String netns;
    private final long timeoutSeconds;

    public ProcessCommandRunner() {
        this(null, 30);
    }

    public ProcessCommandRunner(String netns, long timeoutSeconds) {
        this.netns = netns;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** The same runner, but every command runs in network namespace {@code name}. */
    public static ProcessCommandRunner inNetns(String name) {
        return new ProcessCommandRunner(name, 30);
    }

    @Override
    public CommandResult run(List<String> argv, String stdin) {
        List<String> full = new ArrayList<>();
        if (netns != null) {
            full.addAll(List.of("ip", "netns", "exec", netns));
        }
        full.addAll(argv);
        try {
            Process p = new ProcessBuilder(full).start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                return new CommandResult(argv, 124, out.join(), err.join() + "\n(killed after " + timeoutSeconds + " s)");
            }
            return new CommandResult(argv, p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            return new CommandResult(argv, 127, "", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CommandResult(argv, 130, "", "interrupted");
        }
    }

    /**
     * Output readers of their own: on the common pool (one thread on a 2-core router) a drain
     * blocked behind another would stall every command.
     */
    private static final java.util.concurrent.ExecutorService DRAINS =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "mwan3-cmd-io");
                t.setDaemon(true);
                return t;
            });

    private static CompletableFuture<String> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (s) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                s.transferTo(buf);
                return buf.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, DRAINS);
    }
}
