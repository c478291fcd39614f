package net.mwan3.kernel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Watches the kernel's link, address, route and rule events ({@code ip monitor}) and calls
 * {@code onEvent} for each; the callback only marks work, the reconcile re-reads state, so a lost
 * or duplicated event costs nothing. Restarts the monitor if it dies.
 */
public final class LinkMonitor implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LinkMonitor.class.getName());
    private final Runnable onEvent;
    private final Thread thread;
    private volatile Process process;
    private volatile boolean closed;

    public LinkMonitor(Runnable onEvent) {
        this.onEvent = onEvent;
        this.thread = new Thread(this::loop, "mwan3-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (!closed) {
            try {
                process = new ProcessBuilder(List.of("ip", "-o", "monitor", "link", "address", "route", "rule"))
                        .redirectErrorStream(true).start();
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    while (r.readLine() != null) {
                        onEvent.run();
                    }
                }
            } catch (IOException e) {
                LOG.log(Level.WARNING, "ip monitor failed: {0}", e.getMessage());
            }
            if (!closed) {
                onEvent.run();
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        Process p = process;
        if (p != null) {
            p.destroy();
        }
        thread.interrupt();
    }
}
