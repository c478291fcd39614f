package net.mwan3.alert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs {@code /etc/mwan3.user} as mwan3's 16-mwan3-user hotplug does: a clean environment holding
 * only {@code ACTION}, {@code INTERFACE}, {@code DEVICE} (and {@code FIRSTCONNECT=1} where set), for
 * ifup, ifdown, connecting, connected, disconnecting and disconnected. Calls run one at a time in
 * event order on their own thread, each with a time limit; a failing or hanging script is logged and
 * changes nothing else.
 */
public final class UserScript implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(UserScript.class.getName());
    private final Path script;
    private final long timeoutSeconds;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mwan3-user-script");
        t.setDaemon(true);
        return t;
    });

    public UserScript(Path script, long timeoutSeconds) {
        this.script = script;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Queues one call; returns at once. */
    public void fire(String action, String iface, String device, boolean firstConnect) {
        executor.execute(() -> run(action, iface, device, firstConnect));
    }

    private void run(String action, String iface, String device, boolean firstConnect) {
        if (!Files.isRegularFile(script)) {
            return;
        }
        ProcessBuilder pb = new ProcessBuilder(List.of("/bin/sh", script.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("ACTION", action);
        env.put("INTERFACE", iface);
        env.put("DEVICE", device == null ? "" : device);
        if (firstConnect) {
            env.put("FIRSTCONNECT", "1");
        }
        try {
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                LOG.log(Level.WARNING, "{0} {1} {2}: killed after {3} s", new Object[] {script, action, iface,
                        timeoutSeconds});
            } else if (p.exitValue() != 0) {
                LOG.log(Level.WARNING, "{0} {1} {2}: exit {3}", new Object[] {script, action, iface, p.exitValue()});
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "{0}: cannot run: {1}", new Object[] {script, e.getMessage()});
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
